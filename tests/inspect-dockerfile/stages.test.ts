import { strict as assert } from "assert";
import { DockerfileError } from "../../inspect/errors";
import { asKnown, df, inspect, knownValue, unknownReason } from "./helpers";

const MULTI = df(
    "ARG RSW=2023.12.1",
    "FROM --platform=linux/amd64 rstudio/r-session-complete:jammy-${RSW} AS base", // 2
    "ENV RSTUDIO_CONNECT_URL=https://connect.example.com",
    "RUN apt-get install -y sudo && mkdir -p /opt/base",
    'CMD ["base-cmd"]',
    "",
    "FROM golang:1.22 AS builder", // 7
    "ENV BUILDER_ONLY=1",
    "RUN apt-get install -y build-essential && mkdir /opt/ml",
    "",
    "FROM base AS final", // 11
    "COPY --from=builder /go/bin/tool /usr/local/bin/tool",
    "RUN pip install boto3",
    "",
    "FROM base AS other", // 15
    "RUN apt-get install -y other-only",
);

describe("inspect/dockerfile: multi-stage builds", () => {
    it("the last stage counts by default", () => {
        const r = inspect(MULTI);
        assert.equal(r.facts.finalStageLine, 15);
        assert.deepEqual(knownValue(r.facts.systemPackages).map((p) => p.name), ["sudo", "other-only"]);
        assert.equal(knownValue(r.facts.pythonPackages).length, 0);
    });

    it("a FROM <stage> chain inherits ENV, CMD, packages, path writes, commands and the root base/platform", () => {
        const r = inspect(MULTI, { target: "final" });
        const f = r.facts;
        assert.equal(f.finalStageLine, 11);
        const base = asKnown(f.baseImage);
        assert.equal(base.value, "rstudio/r-session-complete:jammy-2023.12.1");
        assert.equal(base.line, 2);
        assert.equal(knownValue(f.platform), "linux/amd64");
        assert.equal(knownValue(f.workbenchVersion), "2023.12.1");
        assert.equal(knownValue(f.env).RSTUDIO_CONNECT_URL.value, "https://connect.example.com");
        assert.equal(knownValue(f.env).RSTUDIO_CONNECT_URL.line, 3);
        assert.deepEqual(knownValue(f.entrypoint).cmd, ["base-cmd"]);
        assert.equal(knownValue(f.entrypoint).cmdLine, 5);
        assert.deepEqual(knownValue(f.systemPackages).map((p) => [p.name, p.line]), [["sudo", 4]]);
        assert.deepEqual(knownValue(f.pythonPackages).map((p) => [p.name, p.line]), [["boto3", 13]]);
        assert.deepEqual(knownValue(f.commands).map((c) => c.line), [4, 4, 13]);
    });

    it("COPY --from does not inherit the other stage's facts, but its destination is a write of the final stage", () => {
        const f = inspect(MULTI, { target: "final" }).facts;
        assert.equal(knownValue(f.env).BUILDER_ONLY, undefined);
        assert.ok(!knownValue(f.systemPackages).some((p) => p.name === "build-essential"));
        const writes = knownValue(f.pathWrites).map((w) => `${w.via} ${w.path}`);
        assert.deepEqual(writes, ["RUN mkdir /opt/base", "COPY /usr/local/bin/tool"]);
        assert.ok(!writes.includes("RUN mkdir /opt/ml"), "the builder's /opt/ml stays in the builder");
    });

    it("--target selects a stage by name, case-insensitively", () => {
        const f = inspect(MULTI, { target: "BUILDER" }).facts;
        assert.equal(knownValue(f.baseImage), "golang:1.22");
        assert.equal(unknownReason(f.platform), "not set in the Dockerfile; decided at build time");
        assert.deepEqual(knownValue(f.pathWrites).map((w) => w.path), ["/opt/ml"]);
    });

    it("an unknown --target is a DockerfileError listing the stages", () => {
        assert.throws(
            () => inspect(MULTI, { target: "nope", file: "multi.Dockerfile" }),
            (e: unknown) => e instanceof DockerfileError && /multi\.Dockerfile: build target "nope" is not a stage.*stages: base, builder, final, other/.test(e.message) && e.file === "multi.Dockerfile",
        );
        assert.throws(() => inspect(df("FROM a", "FROM b"), { target: "x" }), /it has no named stages/);
    });

    it("ENTRYPOINT in a child stage resets the CMD inherited from its parent (Docker semantics)", () => {
        const ep = knownValue(inspect(df("FROM img AS a", "CMD [\"x\"]", "FROM a", 'ENTRYPOINT ["y"]')).facts.entrypoint);
        assert.deepEqual(ep.entrypoint, ["y"]);
        assert.equal(ep.cmd, undefined);
        const same = knownValue(inspect(df("FROM img", 'CMD ["x"]', 'ENTRYPOINT ["y"]')).facts.entrypoint);
        assert.deepEqual(same.cmd, ["x"], "within one stage, CMD before ENTRYPOINT stays");
    });

    it("ARGs of a parent stage are inherited by a FROM <stage> child", () => {
        const cmds = knownValue(inspect(df("FROM img AS parent", "ARG V=1", "FROM parent", "RUN echo v$V")).facts.commands);
        assert.deepEqual(cmds[0].argv, ["echo", "v1"]);
    });

    it("WORKDIR and USER carry over a FROM <stage> chain", () => {
        const w = knownValue(inspect(df("FROM img AS a", "WORKDIR /srv", "USER rstudio", "FROM a", "RUN touch f ~/g")).facts.pathWrites);
        assert.deepEqual(w.map((x) => x.path), ["/srv", "/srv/f", "/home/rstudio/g"]);
    });

    it("a stage can be referenced by index, and stage names resolve after ARG substitution", () => {
        const r = inspect(df("ARG STAGE=a", "FROM img:1 AS a", "ENV X=1", "FROM ${STAGE}", "FROM 0"));
        assert.equal(knownValue(r.facts.baseImage), "img:1");
        assert.equal(knownValue(r.facts.env).X.value, "1");
    });

    it("a later stage built FROM the target does not change the target's facts", () => {
        const r = inspect(df("FROM img AS a", "ENV A=1", "RUN apt-get install -y sudo", "FROM a AS b", "ENV B=2", "RUN apt-get install -y other"), { target: "a" });
        assert.deepEqual(Object.keys(knownValue(r.facts.env)), ["A"]);
        assert.deepEqual(knownValue(r.facts.systemPackages).map((p) => p.name), ["sudo"]);
    });

    it("a stage with two children gives each its own copy of the parent's state", () => {
        const text = df("FROM img AS a", "ENV A=1", "FROM a AS b", "ENV B=1", "FROM a AS c", "ENV C=1");
        assert.deepEqual(Object.keys(knownValue(inspect(text).facts.env)).sort(), ["A", "C"]);
        assert.deepEqual(Object.keys(knownValue(inspect(text, { target: "b" }).facts.env)).sort(), ["A", "B"]);
    });

    it("a long FROM <stage> chain is followed to its root", () => {
        const lines = ["FROM rstudio/r-session-complete:jammy-2025.05.1 AS s0"];
        for (let i = 1; i <= 300; i++) lines.push(`FROM s${i - 1} AS s${i}`, `ENV V${i}=${i}`);
        const f = inspect(df(...lines)).facts;
        assert.equal(knownValue(f.workbenchVersion), "2025.05.1");
        assert.equal(Object.keys(knownValue(f.env)).length, 300);
    });
});
