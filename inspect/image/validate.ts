/**
 * Values read out of an image are the image author's text: an attacker's, when CI checks a pull request. Before a
 * value becomes a fact (and so may be printed in text, JSON or SARIF), it must look like what it claims to be. A
 * value that does not is dropped and counted, never echoed (a VERSION file that links to /etc/shadow must not put
 * the shadow line on a CI log). Pure; no I/O.
 */

/** Longest name / version accepted (longer is not a real package). */
export const NAME_MAX = 128;
export const VERSION_MAX = 128;

/** A Workbench / RStudio Server version as Posit writes it: `2025.05.1+513.pro3`, `2022.02.2-485.pro2`, `1.4.1717-3`. */
const WORKBENCH_VERSION = /^\d{1,4}\.\d{1,2}\.\d{1,5}(?:[-+][0-9A-Za-z][0-9A-Za-z.+-]{0,62})?$/;
/** Debian policy 5.6.1: lower-case letters, digits, `+ - .`, at least two characters, starting alphanumeric. */
const DPKG_NAME = /^[a-z0-9][a-z0-9+.-]{1,127}$/;
/** Debian policy 5.6.12 (epoch, upstream, revision) and what rpm/apk use: no spaces, no control characters. */
const PACKAGE_VERSION = /^[0-9A-Za-z][0-9A-Za-z.+~:_-]{0,127}$/;
/** PEP 508 distribution names. */
const PYTHON_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,126}[A-Za-z0-9])?$/;
/** PEP 440 versions (and legacy ones): letters, digits, `. + ! _ -`. */
const PYTHON_VERSION = /^[0-9A-Za-z][0-9A-Za-z.+!_-]{0,127}$/;
/** R package names: letters, digits and dots, starting with a letter (Writing R Extensions 1.1.1). */
const R_NAME = /^[A-Za-z][A-Za-z0-9.]{0,127}$/;
/** R package versions: at least two non-negative integers separated by `.` or `-`. */
const R_VERSION = /^\d+(?:[.-]\d+){1,7}$/;
/** Control characters (C0, DEL, C1) and bidirectional overrides, which rewrite what a terminal shows. */
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

export const isWorkbenchVersionText = (s: string): boolean => WORKBENCH_VERSION.test(s);
export const isDpkgName = (s: string): boolean => DPKG_NAME.test(s);
export const isPackageVersion = (s: string): boolean => PACKAGE_VERSION.test(s);
export const isPythonName = (s: string): boolean => PYTHON_NAME.test(s);
export const isPythonVersion = (s: string): boolean => PYTHON_VERSION.test(s);
export const isRName = (s: string): boolean => R_NAME.test(s);
export const isRVersion = (s: string): boolean => R_VERSION.test(s);

/** A path that can be shown as is: absolute, at most 4,096 characters, no control or bidi characters. */
export function isShowablePath(p: string): boolean {
    return p.startsWith("/") && p.length <= 4096 && !UNSAFE_CHARS.test(p);
}

/** Counts what was dropped, for the fact's `via` ("3 entries with malformed names or versions left out"). */
export class Dropped {
    count = 0;

    /** The value when `ok`, else undefined (and counted). */
    keep<T>(value: T, ok: boolean): T | undefined {
        if (ok) return value;
        this.count++;
        return undefined;
    }

    describe(what: string): string {
        return this.count === 0 ? "" : `; ${this.count} ${what}${this.count === 1 ? "" : "s"} with a malformed name or version left out (not shown)`;
    }
}
