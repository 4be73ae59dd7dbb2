import type { esOutbox } from "./outbox.es";

export const enOutbox: Record<keyof typeof esOutbox, string> = {
  "outbox.badge": "{count, plural, one {# pending} other {# pending}}",
  "outbox.badgeAttention": "{count, plural, one {# needs attention} other {# need attention}}",
  "outbox.title": "Waiting to be sent",
  "outbox.intro":
    "Entries kept on this device while there was no connection. They are sent by themselves, in order, when the connection returns; each is recorded once.",
  "outbox.empty": "Nothing is waiting on this device.",
  "outbox.pendingHeading": "{count, plural, one {# pending} other {# pending}}",
  "outbox.attentionHeading": "{count, plural, one {# needs attention} other {# need attention}}",
  "outbox.attentionHint":
    "The server did not accept these entries. Read the reason, then edit the entry to correct it (it is sent again under the same key) or discard it.",
  "outbox.savedAt": "Saved on the device: {time}",
  "outbox.occurredAt": "Date and time entered: {time}",
  "outbox.people": "{count, plural, one {# person} other {# people}}",
  "outbox.attempts": "{count, plural, one {# attempt} other {# attempts}}, the last {time}",
  "outbox.reason": "The server's reason",
  "outbox.discard": "Discard",
  "outbox.discardConfirm": "Discard this entry? It will not be sent and will be deleted from the device.",
  "outbox.sendNow": "Send now",
  "outbox.sending": "Sending…",
  "outbox.queued": "No connection to the server: the entry was saved on this device and will be sent when the connection returns.",
  "outbox.viewPending": "See pending entries",
  "outbox.logoutConfirm":
    "{count, plural, one {# entry on this device has not been sent; logging out deletes it. Log out?} other {# entries on this device have not been sent; logging out deletes them. Log out?}}",
  "outbox.kind.arrival": "Arrival",
  "outbox.kind.departure": "Departure",
  "outbox.kind.receipt": "Stock receipt",
  "outbox.kind.issue": "Stock distribution",
  "outbox.kind.transferReceipt": "Transfer receipt",
  "outbox.kind.count": "Stock count",
  "outbox.kind.childEncounter": "Child visit",
  "outbox.kind.antenatalEncounter": "Antenatal visit",
  "outbox.kind.dose": "Vaccine dose",
  "outbox.kind.cardDose": "Dose from card",
  "outbox.facility": "Facility {code}",
  "outbox.edit": "Edit",
  "outbox.editedAt": "Edited on the device: {time}",
  "outbox.editing":
    "You are editing a pending entry. Saving replaces it (it keeps its place in line and its key, so it is never recorded twice).",
  "outbox.updated": "The pending entry was changed on this device and will be sent in its turn.",
  "outbox.editGone":
    "That entry was no longer on this device (it was sent or discarded meanwhile): the changes were not saved. Check what was recorded.",
};
