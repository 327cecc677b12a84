import { strict as assert } from "assert";
import { evaluate } from "../../core/engine";
import { df, inspect, knownValue } from "./helpers";

function argvs(text: string): string[][] {
    return knownValue(inspect(text).facts.commands).map((c) => c.argv);
}

describe("inspect/dockerfile: RUN parsing", () => {
    it("joins continuations and drops comment and blank lines inside them (also indented ones)", () => {
        const text = df(
            "FROM img",
            "RUN apt-get update && \\",
            "    apt-get install -y \\",
            "        # a comment line inside the continuation",
            "    # another, indented differently",
            "",
            "        sudo \\",
            "libpng-dev && \\",
            "    echo done",
        );
        assert.deepEqual(argvs(text), [
            ["apt-get", "update"],
            ["apt-get", "install", "-y", "sudo", "libpng-dev"],
            ["echo", "done"],
        ]);
        assert.deepEqual(knownValue(inspect(text).facts.commands).map((c) => c.line), [2, 2, 2]);
    });

    it("a backslash followed by spaces still continues the line", () => {
        assert.deepEqual(argvs(df("FROM img", "RUN echo a \\   ", "  b")), [["echo", "a", "b"]]);
    });

    it("splits on && ; || | & and subshell parentheses; keeps quoted operators", () => {
        assert.deepEqual(argvs(df("FROM img", `RUN a 1 && b 2; c || d | e & f; (g; h) && echo "x && y; z" 'p | q'`)), [
            ["a", "1"],
            ["b", "2"],
            ["c"],
            ["d"],
            ["e"],
            ["f"],
            ["g"],
            ["h"],
            ["echo", "x && y; z", "p | q"],
        ]);
    });

    it("removes assignment prefixes and sudo / env / exec wrappers, and shell keywords", () => {
        const text = df(
            "FROM img",
            "RUN DEBIAN_FRONTEND=noninteractive apt-get install -y a && sudo -E -u root apt-get install b && env -i X=1 Y=2 apt-get install c",
            "RUN if true; then exec nohup touch /f; fi; for x in 1 2; do echo $x; done",
        );
        assert.deepEqual(argvs(text), [
            ["apt-get", "install", "-y", "a"],
            ["apt-get", "install", "b"],
            ["apt-get", "install", "c"],
            ["true"],
            ["touch", "/f"],
            ["echo"],
        ]);
    });

    it("parses the script of sh -c / bash -o pipefail -c, and exec-form RUN", () => {
        const text = df("FROM img", 'RUN bash -o pipefail -c "apt-get install -y sudo && mkdir /x"', 'RUN ["/bin/sh", "-c", "pip install boto3"]', 'RUN ["apt-get", "install", "-y", "libpng-dev"]');
        const r = inspect(text);
        assert.deepEqual(knownValue(r.facts.systemPackages).map((p) => p.name), ["sudo", "libpng-dev"]);
        assert.deepEqual(knownValue(r.facts.pythonPackages).map((p) => p.name), ["boto3"]);
        assert.ok(knownValue(r.facts.pathWrites).some((w) => w.path === "/x"));
    });

    it("sh -c is a wrapper: its script's commands replace it (a download inside bash -c is not an install)", () => {
        const text = df("FROM img", 'RUN bash -c "wget https://x/NVIDIA-Linux-x86_64-550.54.run -O /tmp/d.run" > /var/log/dl.log', 'RUN ["/bin/sh", "-c", "echo hi"]');
        const r = inspect(text);
        assert.deepEqual(knownValue(r.facts.commands).map((c) => c.argv[0]), ["wget", "echo"]);
        assert.deepEqual(knownValue(r.facts.pathWrites).map((w) => w.path), ["/var/log/dl.log", "/tmp/d.run"]);
        assert.deepEqual(evaluate(r.facts).filter((f) => f.rule === "RSB009"), []);
    });

    it("exec-form RUN does no variable substitution (no shell)", () => {
        assert.deepEqual(argvs(df("FROM img", "ARG V=1", 'RUN ["echo", "$V"]')), [["echo", "$V"]]);
    });

    it("handles RUN flags such as --mount and --network", () => {
        assert.deepEqual(argvs(df("FROM img", "RUN --mount=type=cache,target=/var/cache/apt --network=host apt-get install -y sudo")), [["apt-get", "install", "-y", "sudo"]]);
    });

    it("parses heredoc RUN scripts (and a shell reading a heredoc), not heredoc data", () => {
        const text = df(
            "FROM img",
            "RUN <<EOF",
            "set -e",
            "apt-get install -y sudo \\",
            "    libpng-dev",
            "# a comment",
            "pip install boto3",
            "EOF",
            "RUN <<-EOT bash",
            "\tR -e 'install.packages(\"reticulate\")'",
            "\tEOT",
            "RUN cat > /etc/profile.d/x.sh <<EOF",
            "apt-get install -y not-a-command",
            "EOF",
            "RUN python3 <<PY",
            "import os  # pip install not-this",
            "PY",
        );
        const r = inspect(text);
        assert.deepEqual(knownValue(r.facts.systemPackages).map((p) => [p.name, p.line]), [
            ["sudo", 2],
            ["libpng-dev", 2],
        ]);
        assert.deepEqual(knownValue(r.facts.pythonPackages).map((p) => p.name), ["boto3"]);
        assert.deepEqual(knownValue(r.facts.rPackages).map((p) => [p.name, p.line]), [["reticulate", 9]]);
        assert.ok(knownValue(r.facts.pathWrites).some((w) => w.path === "/etc/profile.d/x.sh" && w.via === "RUN >" && w.line === 12));
        assert.ok(!knownValue(r.facts.commands).some((c) => c.argv.includes("not-a-command") || c.argv.includes("not-this")));
    });

    it("treats a # inside a word as text and a # at a word start as a comment", () => {
        const text = df("FROM img", "RUN pip install git+https://github.com/o/r.git#egg=mypkg && apt-get install -y sudo # libpng-dev");
        const r = inspect(text);
        assert.deepEqual(knownValue(r.facts.pythonPackages).map((p) => p.name), ["mypkg"]);
        assert.deepEqual(knownValue(r.facts.systemPackages).map((p) => p.name), ["sudo"]);
    });

    it("ignores fd numbers of redirections (2>&1, 2>/dev/null)", () => {
        assert.deepEqual(argvs(df("FROM img", "RUN make install 2>&1 | tee /var/log/build.log && ls 2>/dev/null")), [["make", "install"], ["tee", "/var/log/build.log"], ["ls"]]);
    });

    it("parses command substitutions as commands of their own; $(which R) names R", () => {
        const r = inspect(df("FROM img", `RUN echo "$(apt-get install -y sudo)" && $(which R) -e "install.packages('reticulate')"`));
        assert.deepEqual(knownValue(r.facts.systemPackages).map((p) => p.name), ["sudo"]);
        assert.deepEqual(knownValue(r.facts.rPackages).map((p) => p.name), ["reticulate"]);
    });

    it("an unterminated quote falls back to a whitespace split and adds a note, without throwing", () => {
        const r = inspect(df("FROM img", 'RUN apt-get install -y sudo && echo "oops && pip install boto3'), { file: "D" });
        assert.deepEqual(knownValue(r.facts.systemPackages).map((p) => p.name), ["sudo"]);
        assert.deepEqual(knownValue(r.facts.pythonPackages).map((p) => p.name), ["boto3"]);
        assert.equal(r.notes.length, 1);
        assert.match(r.notes[0], /^D:2: RUN is not valid shell/);
    });

    it("respects the escape parser directive (backtick continuations)", () => {
        const text = "# escape=`\nFROM img\nRUN apt-get install -y `\n    sudo\n";
        assert.deepEqual(argvs(text), [["apt-get", "install", "-y", "sudo"]]);
    });

    it("handles CRLF line endings and a UTF-8 BOM", () => {
        const text = "\ufeffFROM img\r\nRUN apt-get install -y \\\r\n    sudo\r\nENV A=1\r\n";
        const r = inspect(text);
        assert.deepEqual(knownValue(r.facts.systemPackages).map((p) => [p.name, p.line]), [["sudo", 2]]);
        assert.equal(knownValue(r.facts.env).A.line, 4);
    });

    it("lowercase instructions work", () => {
        assert.deepEqual(argvs(df("from img", "run echo hi")), [["echo", "hi"]]);
    });
});
