import { strict as assert } from "assert";
import { asKnown, df, inspect, knownValue, unknownReason } from "./helpers";

describe("inspect/dockerfile: single-stage facts", () => {
    describe("baseImage", () => {
        it("is the FROM reference after ARG substitution, with the FROM line", () => {
            const r = inspect(df("ARG TAG=jammy-2023.12.1", "", "FROM rstudio/r-session-complete:${TAG}", "RUN true"), { file: "Dockerfile" });
            const f = asKnown(r.facts.baseImage);
            assert.equal(f.value, "rstudio/r-session-complete:jammy-2023.12.1");
            assert.equal(f.line, 3);
            assert.equal(f.file, "Dockerfile");
            assert.equal(f.source, "dockerfile");
            assert.deepEqual(r.facts.sources, ["dockerfile"]);
            assert.equal(r.facts.file, "Dockerfile");
            assert.equal(r.facts.finalStageLine, 3);
        });

        it("is unknown, naming the ARG, when FROM uses an ARG without value", () => {
            const r = inspect(df("ARG BASE", "FROM ${BASE}"));
            assert.match(unknownReason(r.facts.baseImage), /\$BASE has no value/);
        });

        it("is unknown when a FROM tag ARG is empty (image ends with ':')", () => {
            const r = inspect(df("ARG TAG", "FROM rstudio/r-session-complete:$TAG"));
            assert.match(unknownReason(r.facts.baseImage), /TAG/);
        });

        it("keeps digests and registries with ports", () => {
            const r = inspect(df("FROM registry.local:5000/posit/workbench-session:jammy-2025.05.1@sha256:abc"));
            assert.equal(knownValue(r.facts.baseImage), "registry.local:5000/posit/workbench-session:jammy-2025.05.1@sha256:abc");
            assert.equal(knownValue(r.facts.workbenchVersion), "2025.05.1");
        });
    });

    describe("workbenchVersion", () => {
        const cases: [string, string][] = [
            ["rstudio/r-session-complete:centos7-2022.02.2-485.pro2", "2022.02.2-485.pro2"],
            ["rstudio/r-session-complete:jammy-2023.12.1", "2023.12.1"],
            ["rstudio/r-session-complete:ubuntu2204-2025.05.1", "2025.05.1"],
            ["posit/workbench-session:jammy-2026.07.1", "2026.07.1"],
        ];
        for (const [image, version] of cases) {
            it(`reads ${version} from the tag of ${image}`, () => {
                const r = inspect(df("# base", `FROM ${image}`));
                const f = asKnown(r.facts.workbenchVersion);
                assert.equal(f.value, version);
                assert.equal(f.via, "FROM tag");
                assert.equal(f.line, 2);
            });
        }

        it("prefers an RSW_VERSION ARG (raw text kept, build-arg applied) over the tag", () => {
            const text = df("FROM rstudio/r-session-complete:jammy-2023.12.1", "ARG RSW_VERSION=2025.05.1+513.pro3", "RUN echo $RSW_VERSION");
            const f = asKnown(inspect(text).facts.workbenchVersion);
            assert.equal(f.value, "2025.05.1+513.pro3");
            assert.equal(f.via, "ARG RSW_VERSION");
            assert.equal(f.line, 2);
            const o = asKnown(inspect(text, { buildArgs: { RSW_VERSION: "2024.04.2+764.pro1" } }).facts.workbenchVersion);
            assert.equal(o.value, "2024.04.2+764.pro1");
        });

        it("reads ENV RSTUDIO_VERSION / WORKBENCH_VERSION / RSP_VERSION", () => {
            for (const name of ["RSTUDIO_VERSION", "WORKBENCH_VERSION", "RSP_VERSION"]) {
                const f = asKnown(inspect(df("FROM ubuntu:22.04", `ENV ${name}=2023.03.2-547.pro5`)).facts.workbenchVersion);
                assert.equal(f.value, "2023.03.2-547.pro5");
                assert.equal(f.via, `ENV ${name}`);
            }
        });

        it("falls back to the tag when the ARG holds no version", () => {
            const f = asKnown(inspect(df("ARG RSW_VERSION=latest", "FROM rstudio/r-session-complete:jammy-2023.12.1")).facts.workbenchVersion);
            assert.equal(f.value, "2023.12.1");
            assert.equal(f.via, "FROM tag");
        });

        it("is unknown with a reason naming what was looked at", () => {
            const reason = unknownReason(inspect(df("FROM ubuntu:22.04")).facts.workbenchVersion);
            assert.match(reason, /FROM ubuntu:22\.04 \(line 1\) is an operating system image, whose tag is no Workbench version/);
            assert.match(reason, /RSW_VERSION/);
        });
    });

    describe("platform", () => {
        it("is FROM --platform after substitution", () => {
            const f = asKnown(inspect(df("ARG P=linux/amd64", "FROM --platform=$P rstudio/r-session-complete:jammy-2023.12.1")).facts.platform);
            assert.equal(f.value, "linux/amd64");
            assert.equal(f.via, "FROM --platform");
            assert.equal(f.line, 2);
        });
        it("is unknown for $BUILDPLATFORM / $TARGETPLATFORM", () => {
            assert.match(unknownReason(inspect(df("FROM --platform=$BUILDPLATFORM ubuntu")).facts.platform), /BUILDPLATFORM.*decided at build time/);
            assert.match(unknownReason(inspect(df("FROM --platform=${TARGETPLATFORM:-linux/amd64} ubuntu")).facts.platform), /build time/);
        });
        it("is unknown when not set", () => {
            assert.equal(unknownReason(inspect(df("FROM ubuntu")).facts.platform), "not set in the Dockerfile; decided at build time");
        });
    });

    describe("env", () => {
        it("reads both ENV syntaxes, removes quotes, substitutes, keeps lines", () => {
            const r = inspect(
                df(
                    "FROM ubuntu",
                    'ENV RSTUDIO_CONNECT_URL "YOUR_CONNECT_URL" ',
                    "ENV A=1 B=\"two words\" C='x $Z' D=${Z}0",
                    "ENV LEGACY some value  here",
                    "ENV E=$A \\",
                    "    F=\"$B\"",
                    "ENV PATH=/opt/bin:$PATH",
                ),
                { file: "x.Dockerfile" },
            );
            const env = knownValue(r.facts.env);
            assert.equal(env.RSTUDIO_CONNECT_URL.value, "YOUR_CONNECT_URL");
            assert.equal(env.RSTUDIO_CONNECT_URL.line, 2);
            assert.equal(env.RSTUDIO_CONNECT_URL.file, "x.Dockerfile");
            assert.equal(env.A.value, "1");
            assert.equal(env.B.value, "two words");
            assert.equal(env.C.value, "x $Z", "single quotes prevent substitution");
            assert.equal(env.D.value, "0", "Z is unset: it expands to nothing");
            assert.equal(env.LEGACY.value, "some value  here");
            assert.equal(env.E.value, "1");
            assert.equal(env.F.value, "two words");
            assert.equal(env.E.line, 5);
            assert.equal(env.PATH.value, "/opt/bin:", "PATH of the base image is not known here: it expands to nothing");
        });

        it("substitutes one ENV instruction's values from the environment before it (Docker semantics)", () => {
            const env = knownValue(inspect(df("FROM ubuntu", "ENV X=old", "ENV X=new Y=$X")).facts.env);
            assert.equal(env.X.value, "new");
            assert.equal(env.Y.value, "old");
        });

        it("is known and empty when nothing is set", () => {
            assert.deepEqual(knownValue(inspect(df("FROM ubuntu")).facts.env), {});
        });
    });

    describe("entrypoint", () => {
        it("reads exec and shell forms with their lines", () => {
            const r = inspect(df("FROM ubuntu", 'ENTRYPOINT ["/init", "--x"]', "CMD rserver --www-port 8787"), { file: "D" });
            const f = asKnown(r.facts.entrypoint);
            assert.deepEqual(f.value.entrypoint, ["/init", "--x"]);
            assert.deepEqual(f.value.cmd, ["/bin/sh", "-c", "rserver --www-port 8787"]);
            assert.equal(f.value.entrypointLine, 2);
            assert.equal(f.value.cmdLine, 3);
            assert.equal(f.value.file, "D");
        });

        it("uses SHELL for the shell form", () => {
            const f = knownValue(inspect(df("FROM ubuntu", 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', "CMD echo hi")).facts.entrypoint);
            assert.deepEqual(f.cmd, ["/bin/bash", "-o", "pipefail", "-c", "echo hi"]);
        });

        it("is a known empty object when neither is set", () => {
            assert.deepEqual(knownValue(inspect(df("FROM ubuntu", "RUN true")).facts.entrypoint), {});
        });

        it("the last instruction wins", () => {
            const f = knownValue(inspect(df("FROM ubuntu", "CMD a", 'CMD ["b"]')).facts.entrypoint);
            assert.deepEqual(f.cmd, ["b"]);
            assert.equal(f.cmdLine, 3);
        });
    });

    it("leaves files and sizeBytes unknown and context facts as emptyFacts makes them", () => {
        const r = inspect(df("FROM ubuntu"));
        assert.equal(unknownReason(r.facts.files), "only known from a built image");
        assert.equal(unknownReason(r.facts.sizeBytes), "measured on the built image");
        assert.equal(r.facts.processor.state, "unknown");
        assert.equal(r.facts.processor.source, "context");
        assert.equal(r.facts.domainWorkbenchVersion.source, "context");
        assert.equal(r.facts.imageUri.source, "context");
    });

    it("uses 1-based start lines of multi-line instructions and respects a parser directive block", () => {
        const r = inspect(df("# syntax=docker/dockerfile:1", "# escape=\\", "", "FROM ubuntu", "RUN apt-get update && \\", "    apt-get install -y sudo"));
        const pkgs = knownValue(r.facts.systemPackages);
        assert.deepEqual(pkgs.map((p) => [p.name, p.line]), [["sudo", 5]]);
    });

    it("facts are JSON-serialisable", () => {
        const r = inspect(df("FROM ubuntu", "ENV __proto__=x", "RUN apt-get install -y sudo"));
        const round = JSON.parse(JSON.stringify(r.facts));
        assert.equal(round.env.value.__proto__.value, "x");
        assert.deepEqual(round.systemPackages, r.facts.systemPackages);
    });
});
