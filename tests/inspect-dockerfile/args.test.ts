import { strict as assert } from "assert";
import { df, inspect, knownValue } from "./helpers";

/** The argv of the first RUN command whose program is `echo`. */
function echoed(text: string, buildArgs?: Record<string, string>): string[] {
    const cmds = knownValue(inspect(text, { buildArgs }).facts.commands);
    const echo = cmds.find((c) => c.argv[0] === "echo");
    assert.ok(echo, "an echo command");
    return echo.argv.slice(1);
}

describe("inspect/dockerfile: ARG scoping and substitution", () => {
    it("global ARGs are usable in FROM but not inside a stage unless re-declared", () => {
        const text = df("ARG V=1.0", "FROM img:$V", 'RUN echo "v=$V"');
        assert.equal(knownValue(inspect(text).facts.baseImage), "img:1.0");
        assert.deepEqual(echoed(text), ["v="]);
    });

    it("`ARG NAME` inside a stage takes the global value (and its build-arg override)", () => {
        const text = df("ARG V=1.0", "FROM img:$V", "ARG V", 'RUN echo "v=$V"');
        assert.deepEqual(echoed(text), ["v=1.0"]);
        assert.deepEqual(echoed(text, { V: "2.0" }), ["v=2.0"]);
        assert.equal(knownValue(inspect(text, { buildArgs: { V: "2.0" } }).facts.baseImage), "img:2.0");
    });

    it("a stage ARG default is overridden by --build-arg", () => {
        const text = df("FROM img", "ARG PKG=one", "RUN echo $PKG");
        assert.deepEqual(echoed(text), ["one"]);
        assert.deepEqual(echoed(text, { PKG: "two" }), ["two"]);
    });

    it("a stage ARG without default and without build-arg is empty", () => {
        assert.deepEqual(echoed(df("FROM img", "ARG PKG", "RUN echo a${PKG}b")), ["ab"]);
        assert.deepEqual(echoed(df("FROM img", "ARG PKG", "RUN echo a${PKG}b"), { PKG: "X" }), ["aXb"]);
    });

    it("ENV wins over ARG of the same name", () => {
        const text = df("FROM img", "ARG V=arg", "ENV V=env", "RUN echo $V");
        assert.deepEqual(echoed(text, { V: "build-arg" }), ["env"]);
    });

    it("ARG defaults can use earlier ARGs and ENV", () => {
        const text = df("ARG MAJOR=4", "FROM img", "ARG MAJOR", "ENV PREFIX=/opt/R", "ARG R_HOME=${PREFIX}/${MAJOR}.3.1", "RUN echo $R_HOME");
        assert.deepEqual(echoed(text), ["/opt/R/4.3.1"]);
    });

    it("supports ${VAR:-default}, ${VAR-default}, ${VAR:+alt}, ${VAR+alt}", () => {
        const text = df("FROM img", "ARG SET=x", "ARG EMPTY=", "RUN echo ${SET:-d} ${NOPE:-d} ${EMPTY:-d} ${EMPTY-d} ${SET:+alt} ${NOPE:+alt}. ${EMPTY+alt}");
        // ${EMPTY-d} is "" (EMPTY is set) and an empty unquoted expansion is no word at all, as in sh.
        assert.deepEqual(echoed(text), ["x", "d", "d", "alt", ".", "alt"]);
    });

    it("substitutes in FROM, ENV, COPY, WORKDIR and VOLUME with the same rules", () => {
        const text = df(
            "ARG REG=registry.local",
            "FROM ${REG:-docker.io}/img:${TAG:-latest}",
            "ARG APP=/srv/app",
            "ENV DATA=${APP}/data",
            "WORKDIR $APP",
            "COPY conf.txt ${DATA}/",
            "VOLUME ${DATA}/cache",
        );
        const r = inspect(text);
        assert.equal(knownValue(r.facts.baseImage), "registry.local/img:latest");
        assert.deepEqual(
            knownValue(r.facts.pathWrites).map((w) => [w.via, w.path]),
            [
                ["WORKDIR", "/srv/app"],
                ["COPY", "/srv/app/data"],
                ["VOLUME", "/srv/app/data/cache"],
            ],
        );
    });

    it("unresolvable variables become empty without crashing", () => {
        const r = inspect(df("FROM img", "ENV A=${}", "RUN echo ${NOPE} $1 $@ ${#NOPE} ${NOPE/x/y} && pip install pkg${NOPE}"));
        assert.equal(knownValue(r.facts.env).A.value, "");
        assert.deepEqual(knownValue(r.facts.pythonPackages).map((p) => p.name), ["pkg"]);
    });

    it("RUN sees shell variables assigned earlier in the same RUN", () => {
        const r = inspect(df("FROM img", "RUN V=3.1 && export W=2 && pip install \"sagemaker<$V\" && echo $W"));
        assert.equal(knownValue(r.facts.pythonPackages)[0].specifier, "<3.1");
        assert.deepEqual(knownValue(r.facts.commands).find((c) => c.argv[0] === "echo")?.argv, ["echo", "2"]);
    });

    it("splits an unquoted multi-word ARG into words in RUN, like the shell", () => {
        const r = inspect(df("FROM img", 'ARG PKGS="sudo libpng-dev"', "RUN apt-get install -y $PKGS"));
        assert.deepEqual(knownValue(r.facts.systemPackages).map((p) => p.name), ["sudo", "libpng-dev"]);
    });

    it("lists every ARG with its stage, expanded default and line", () => {
        const r = inspect(df("ARG A=1", "ARG B", "FROM img AS one", "ARG C=$A", "ARG A", "FROM img", "ARG D=x E=y"));
        assert.deepEqual(r.args, [
            { name: "A", default: "1", line: 1 },
            { name: "B", line: 2 },
            { name: "C", default: "", line: 4, stage: 0 },
            { name: "A", line: 5, stage: 0 },
            { name: "D", default: "x", line: 7, stage: 1 },
            { name: "E", default: "y", line: 7, stage: 1 },
        ]);
    });

    it("reports build args that no ARG declares (proxies and BUILDKIT_* are predefined)", () => {
        const r = inspect(df("ARG A", "FROM img", "ARG B"), { buildArgs: { A: "1", B: "2", C: "3", HTTP_PROXY: "p", BUILDKIT_INLINE_CACHE: "1" } });
        assert.deepEqual(r.unusedBuildArgs, ["C"]);
        assert.deepEqual(inspect(df("FROM img")).unusedBuildArgs, []);
    });

    it("build args are not visible in RUN without an ARG (except the predefined proxies)", () => {
        const text = df("FROM img", "RUN echo x$NOT_DECLARED $HTTP_PROXY");
        assert.deepEqual(echoed(text, { NOT_DECLARED: "1", HTTP_PROXY: "http://proxy:3128" }), ["x", "http://proxy:3128"]);
    });
});
