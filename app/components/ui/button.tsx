import { Link, type LinkProps } from "@remix-run/react";
import type { ButtonHTMLAttributes } from "react";

export type ButtonVariant = "primary" | "secondary";

// Every button is a 44 px tap target (phone.spec.ts): on a 360 px phone a shorter one is missed.
const base = "inline-flex min-h-11 items-center justify-center rounded px-4 py-2 font-semibold disabled:cursor-wait disabled:opacity-70";

const variants: Record<ButtonVariant, string> = {
  primary: "bg-brand-700 text-white hover:bg-brand-800",
  secondary: "border border-brand-700 text-brand-700 hover:bg-brand-50",
};

/** The classes of a button, for the few controls that must stay another element (a download link). */
export function buttonClass(variant: ButtonVariant = "primary", className?: string) {
  return [base, variants[variant], className].filter(Boolean).join(" ");
}

/**
 * A button: primary for the one thing a page or form is for, secondary for the rest. Type
 * "button" unless told, so a button added to a form never submits it by accident.
 */
export function Button({
  variant = "primary",
  type = "button",
  className,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant }) {
  return <button type={type} className={buttonClass(variant, className)} {...props} />;
}

/** A link that looks like a button: "Nuevo usuario", "Recibir", where the action is a page. */
export function ButtonLink({ variant = "primary", className, ...props }: LinkProps & { variant?: ButtonVariant }) {
  return <Link className={buttonClass(variant, className)} {...props} />;
}
