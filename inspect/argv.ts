/** getopt-style splitting of a command's arguments into options and operands. */

export interface ParsedArgs {
    operands: string[];
    /** Option values by name: a short option as `-x`, a long one as `--name`. Flags map to `""`. Repeats keep all. */
    options: Map<string, string[]>;
}

export interface OptionSpec {
    /** Short options that take a value, e.g. `"mto"` for `-m MODE -t DIR -o FILE`. */
    shortValue?: string;
    /** Long options (with `--`) that take a value when written without `=`. */
    longValue?: readonly string[];
    /** Stop option parsing at the first operand (like POSIX getopt; `pip install` and GNU tools do not). */
    stopAtOperand?: boolean;
}

function add(map: Map<string, string[]>, key: string, value: string): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}

export function parseArgs(args: readonly string[], spec: OptionSpec = {}): ParsedArgs {
    const operands: string[] = [];
    const options = new Map<string, string[]>();
    const shortValue = spec.shortValue ?? "";
    const longValue = spec.longValue ?? [];
    let i = 0;
    for (; i < args.length; i++) {
        const a = args[i];
        if (a === "--") {
            i++;
            break;
        }
        if (a.startsWith("--")) {
            const eq = a.indexOf("=");
            if (eq > 0) add(options, a.slice(0, eq), a.slice(eq + 1));
            else if (longValue.includes(a) && i + 1 < args.length) add(options, a, args[++i]);
            else add(options, a, "");
            continue;
        }
        if (a.startsWith("-") && a.length > 1) {
            for (let k = 1; k < a.length; k++) {
                const ch = a[k];
                if (shortValue.includes(ch)) {
                    const rest = a.slice(k + 1);
                    if (rest !== "") add(options, "-" + ch, rest);
                    else if (i + 1 < args.length) add(options, "-" + ch, args[++i]);
                    else add(options, "-" + ch, "");
                    break;
                }
                add(options, "-" + ch, "");
            }
            continue;
        }
        operands.push(a);
        if (spec.stopAtOperand) {
            i++;
            break;
        }
    }
    for (; i < args.length; i++) operands.push(args[i]);
    return { operands, options };
}

/** The last value given for any of `names`. */
export function optionValue(parsed: ParsedArgs, ...names: string[]): string | undefined {
    let found: string | undefined;
    for (const n of names) {
        const v = parsed.options.get(n);
        if (v && v.length > 0) found = v[v.length - 1];
    }
    return found;
}

export function hasOption(parsed: ParsedArgs, ...names: string[]): boolean {
    return names.some((n) => parsed.options.has(n));
}
