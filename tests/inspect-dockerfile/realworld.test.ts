/**
 * Issue 11 items 3-4 at the inspect level: Workbench versions where Posit's Dockerfiles put them, installs as
 * people write them (conda/mamba/micromamba, environment.yml, R package lists from the context, renv.lock,
 * default-jdk per release, littler). The same rows run through the real CLI in tests/acceptance/real-world.test.ts.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Fact, WorkbenchVersionUnknown } from "../../core/facts";
import { condaSpec } from "../../inspect/conda";
import { releaseOf, defaultJavaPackage } from "../../inspect/dockerfile/distro";
import { packageDownload } from "../../inspect/dockerfile/version";
import { asKnown, df, inspect, unknownReason } from "./helpers";

function context(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rsb-rw-"));
    for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
}

const names = (xs: { name: string }[]) => xs.map((x) => x.name);

describe("inspect/dockerfile: real-world Dockerfiles (issue 11)", () => {
    describe("Workbench version", () => {
        it("an OS tag is not a Workbench version (row 1)", () => {
            for (const from of ["public.ecr.aws/amazonlinux/amazonlinux:2023.5.20240624", "ubuntu:jammy", "amazonlinux:2023.6.20241010.0", "debian:2025.01.1"]) {
                const f = inspect(df(`FROM ${from}`)).facts.workbenchVersion;
                assert.equal(f.state, "unknown", from);
                assert.match(unknownReason(f), /is an operating system image/);
            }
        });

        it("RStudio Server Pro 1.x from RSP_VERSION is a (too old) Workbench version (row 2)", () => {
            const f = asKnown(inspect(df("FROM ubuntu:bionic", "ARG RSP_VERSION=1.4.1717-3")).facts.workbenchVersion);
            assert.deepEqual([f.value, f.via, f.line], ["1.4.1717-3", "ARG RSP_VERSION", 2]);
        });

        it("open-source RStudio Server (rocker's RSTUDIO_VERSION, an rstudio-server download) is not Workbench (row 3)", () => {
            const f = inspect(df("FROM ubuntu:noble", "ENV RSTUDIO_VERSION=2026.06.0+242")).facts.workbenchVersion as WorkbenchVersionUnknown;
            assert.equal(f.state, "unknown");
            assert.deepEqual(f.otherProduct, { product: "rstudio-server", version: "2026.06.0+242", via: "ENV RSTUDIO_VERSION", line: 2 });
            assert.match(f.reason, /open-source RStudio Server 2026\.06\.0\+242, which is not Posit Workbench/);
            const dl = inspect(df("FROM ubuntu:jammy", "RUN curl -LO https://download2.rstudio.org/server/jammy/amd64/rstudio-server-2024.12.0-467-amd64.deb")).facts.workbenchVersion as WorkbenchVersionUnknown;
            assert.equal(dl.otherProduct?.version, "2024.12.0-467");
            assert.equal(dl.otherProduct?.line, 2);
            // rocker 1.x without the Pro revision; Posit's own RSTUDIO_VERSION with .proN is Workbench.
            assert.equal(inspect(df("FROM rocker/r-ver:4.0.5", "ENV RSTUDIO_VERSION=1.4.1717")).facts.workbenchVersion.state, "unknown");
            assert.equal(asKnown(inspect(df("FROM ubuntu:jammy", "ENV RSTUDIO_VERSION=2023.03.2-547.pro5")).facts.workbenchVersion).value, "2023.03.2-547.pro5");
        });

        it("ARG/ENV names and download URLs Posit's Dockerfiles use (row 10)", () => {
            const cases: [string[], string, string][] = [
                [["FROM ubuntu:jammy", "ARG RSW_VERSION=2025.05.1+513.pro3"], "2025.05.1+513.pro3", "ARG RSW_VERSION"],
                [["FROM ubuntu:jammy", "ENV PWB_VERSION=2024.12.1+563.pro5"], "2024.12.1+563.pro5", "ENV PWB_VERSION"],
                [["FROM ubuntu:jammy", "ARG PWB_VERSION", "ENV PWB_VERSION=${PWB_VERSION:-2024.04.2+764.pro1}"], "2024.04.2+764.pro1", "ENV PWB_VERSION"],
                [
                    ["FROM rockylinux:9", "ARG RSW_DOWNLOAD_URL=https://download2.rstudio.org/server/rhel9/x86_64/rstudio-workbench-rhel-2023.09.1-x86_64.rpm", 'RUN curl -o w.rpm "${RSW_DOWNLOAD_URL}" && dnf install -y w.rpm'],
                    "2023.09.1",
                    "ARG RSW_DOWNLOAD_URL (rstudio-workbench-rhel-2023.09.1-x86_64.rpm)",
                ],
                [["FROM ubuntu:jammy", "RUN curl -fsSLO https://download2.rstudio.org/server/jammy/amd64/rstudio-workbench-2025.05.1-513.pro3-amd64.deb && gdebi -n rstudio-workbench-2025.05.1-513.pro3-amd64.deb"], "2025.05.1-513.pro3", "RUN download rstudio-workbench-2025.05.1-513.pro3-amd64.deb"],
                [["FROM centos:7", "RUN yum install -y https://s3.amazonaws.com/rstudio-ide-build/server/centos7/x86_64/rstudio-server-pro-1.4.1717-3-x86_64.rpm"], "1.4.1717-3", "RUN download rstudio-server-pro-1.4.1717-3-x86_64.rpm"],
            ];
            for (const [lines, value, via] of cases) {
                const f = asKnown(inspect(df(...lines)).facts.workbenchVersion);
                assert.deepEqual([f.value, f.via], [value, via], lines.join(" | "));
            }
        });

        it("a version variable wins over a download, a download over the FROM tag", () => {
            const f = asKnown(inspect(df("FROM rstudio/r-session-complete:jammy-2023.12.1", "RUN curl -O https://x/rstudio-workbench-2024.04.2-764.pro1-amd64.deb")).facts.workbenchVersion);
            assert.equal(f.value, "2024.04.2-764.pro1");
            const g = asKnown(inspect(df("FROM ubuntu:jammy", "ARG RSW_VERSION=2025.05.1+513.pro3", "RUN curl -O https://x/rstudio-workbench-2024.04.2-764.pro1-amd64.deb")).facts.workbenchVersion);
            assert.equal(g.value, "2025.05.1+513.pro3");
        });

        it("package file names", () => {
            assert.deepEqual(packageDownload("rstudio-workbench-rhel-2023.09.1-x86_64.rpm"), { workbench: true, version: "2023.09.1", file: "rstudio-workbench-rhel-2023.09.1-x86_64.rpm" });
            assert.equal(packageDownload("rstudio-workbench-latest-amd64.deb"), undefined);
            assert.equal(packageDownload("rstudio-server-2023.09.1-494-amd64.deb")?.workbench, false);
        });
    });

    describe("conda / mamba / micromamba (row 4)", () => {
        it("r-<pkg> names are R packages; the others Python packages with their specifiers", () => {
            const r = inspect(df("FROM img", "RUN mamba install --yes -c conda-forge r-reticulate boto3 awscli 'sagemaker<3' r-base python=3.11 conda-forge::r-data.table"));
            assert.deepEqual(asKnown(r.facts.rPackages).value.map((p) => [p.name, p.via]), [["reticulate", "mamba"], ["data.table", "mamba"]]);
            assert.deepEqual(asKnown(r.facts.pythonPackages).value.map((p) => [p.name, p.specifier]), [["boto3", ""], ["awscli", ""], ["sagemaker", "<3"]]);
            for (const prog of ["conda", "/opt/conda/bin/micromamba"]) {
                const q = inspect(df("FROM img", `RUN ${prog} create -y -n r -c conda-forge r-reticulate`));
                assert.deepEqual(names(asKnown(q.facts.rPackages).value), ["reticulate"], prog);
            }
        });

        it("conda version specs become PEP 440 specifiers (= is a prefix match)", () => {
            const spec = (s: string) => {
                const c = condaSpec(s, "conda");
                return c?.kind === "python" ? c.req.specifier : c?.kind;
            };
            assert.equal(spec("sagemaker<3"), "<3");
            assert.equal(spec("sagemaker=2.200"), "==2.200.*");
            assert.equal(spec("sagemaker==2.200.1"), "==2.200.1");
            assert.equal(spec("sagemaker>=2,<3"), ">=2,<3");
            assert.equal(spec("numpy 1.26.*"), "==1.26.*");
            assert.equal(spec("r-reticulate>=1.30"), "r");
            assert.equal(condaSpec("python=3.11", "conda"), undefined);
        });

        it("environment.yml from the build context (conda env create, micromamba -f), with its pip: list", () => {
            const env = "name: r\nchannels: [conda-forge]\ndependencies:\n  - r-reticulate\n  - boto3>=1.28\n  - pip\n  - pip:\n      - sagemaker<3\n      - awscli\n";
            const dir = context({ "environment.yml": env, "env/specs.txt": "# specs\nr-reticulate\nboto3\n" });
            const r = inspect(df("FROM img", "COPY environment.yml /tmp/", "WORKDIR /tmp", "RUN conda env create && micromamba install -y -n base -f /tmp/environment.yml", "COPY env/ /env/", "RUN conda install --file /env/specs.txt"), { context: dir });
            assert.deepEqual(r.notes, []);
            assert.deepEqual(asKnown(r.facts.rPackages).value.map((p) => p.via), ["conda (environment.yml)", "micromamba (/tmp/environment.yml)", "conda (/env/specs.txt)"]);
            const py = asKnown(r.facts.pythonPackages).value.map((p) => `${p.name}${p.specifier}`);
            assert.deepEqual(py, ["boto3>=1.28", "sagemaker<3", "awscli", "boto3>=1.28", "sagemaker<3", "awscli", "boto3"]);
        });

        it("an environment file it cannot read or parse is noted and leaves the lists partial", () => {
            const dir = context({ "bad.yml": "dependencies: [unclosed\n" });
            const r = inspect(df("FROM scratch", "COPY bad.yml missing.yml /tmp/", "RUN conda env update -f /tmp/bad.yml && mamba env create -f /tmp/missing.yml"), { file: "D", context: dir });
            assert.equal(r.notes.length, 2, r.notes.join("\n"));
            assert.match(r.notes[0], /D:3: conda -f \/tmp\/bad\.yml: \/tmp\/bad\.yml is not valid YAML/);
            assert.match(r.notes[1], /D:3: mamba -f \/tmp\/missing\.yml: could not read .*missing\.yml from the build context/);
            assert.match(asKnown(r.facts.rPackages).partial ?? "", /^conda -f \/tmp\/bad\.yml \(D:3\): \/tmp\/bad\.yml is not valid YAML.*; mamba -f/);
        });
    });

    describe("R package lists from the build context (row 5)", () => {
        const files = { "r-packages.txt": "# what the sessions need\nreticulate\ndplyr\n", "pkgs.txt": "reticulate  data.table\n", "proj/renv.lock": JSON.stringify({ R: { Version: "4.4.1" }, Packages: { reticulate: { Package: "reticulate", Version: "1.38.0" } } }) };

        it("readLines, scan, pak::pak(readLines(...)), a variable bound to readLines", () => {
            const r = inspect(
                df(
                    "FROM img",
                    "COPY r-packages.txt pkgs.txt ./",
                    `RUN R -e 'install.packages(readLines("r-packages.txt"))'`,
                    `RUN Rscript -e 'install.packages(scan("pkgs.txt", what = "character"))'`,
                    `RUN Rscript -e 'pak::pak(readLines(con = "/r-packages.txt"))'`,
                    `RUN R --no-save <<EOF`,
                    `pkgs <- readLines("r-packages.txt")`,
                    `install.packages(pkgs, repos = "https://cloud.r-project.org")`,
                    `EOF`,
                ),
                { context: context(files) },
            );
            assert.deepEqual(r.notes, []);
            assert.deepEqual(
                asKnown(r.facts.rPackages).value.map((p) => `${p.line}:${p.name}:${p.via}`),
                ["3:reticulate:install.packages (r-packages.txt)", "3:dplyr:install.packages (r-packages.txt)", "4:reticulate:install.packages (pkgs.txt)", "4:data.table:install.packages (pkgs.txt)", "5:reticulate:pak::pak (/r-packages.txt)", "5:dplyr:pak::pak (/r-packages.txt)", "6:reticulate:install.packages (r-packages.txt)", "6:dplyr:install.packages (r-packages.txt)"],
            );
        });

        it("renv::restore() reads renv.lock of the working directory (or lockfile=)", () => {
            const r = inspect(df("FROM img", "COPY proj/ /proj/", "WORKDIR /proj", `RUN R -e 'renv::restore()'`, `RUN R -e 'renv::restore(lockfile = "/proj/renv.lock")'`), { context: context(files) });
            assert.deepEqual(asKnown(r.facts.rPackages).value.map((p) => `${p.line}:${p.name}@${p.version}`), ["4:reticulate@1.38.0", "5:reticulate@1.38.0"]);
        });

        it("remotes::install_deps() / pak::local_install_deps() read the project's DESCRIPTION (Suggests with dependencies = TRUE)", () => {
            const desc = "Package: myproj\nVersion: 0.1\nDepends: R (>= 4.1)\nImports:\n    reticulate (>= 1.30),\n    dplyr\nLinkingTo: Rcpp\nSuggests: testthat\n";
            const r = inspect(df("FROM img", "COPY DESCRIPTION /app/", "WORKDIR /app", `RUN Rscript -e 'remotes::install_deps(dependencies = TRUE)' && Rscript -e 'pak::local_install_deps("/app")'`), { context: context({ DESCRIPTION: desc }) });
            assert.deepEqual(r.notes, []);
            assert.deepEqual(asKnown(r.facts.rPackages).value.map((p) => `${p.name}:${p.via}`), [
                "reticulate:remotes::install_deps (./DESCRIPTION)",
                "dplyr:remotes::install_deps (./DESCRIPTION)",
                "Rcpp:remotes::install_deps (./DESCRIPTION)",
                "testthat:remotes::install_deps (./DESCRIPTION)",
                "reticulate:pak::local_install_deps (/app/DESCRIPTION)",
                "dplyr:pak::local_install_deps (/app/DESCRIPTION)",
                "Rcpp:pak::local_install_deps (/app/DESCRIPTION)",
            ]);
        });

        it("an unreadable list is unknown territory: noted, and the R package list is partial (never 'not installed')", () => {
            const r = inspect(df("FROM scratch", "COPY r-packages.txt .", `RUN R -e 'install.packages(readLines("r-packages.txt"))'`), { file: "D" });
            assert.deepEqual(asKnown(r.facts.rPackages).value, []);
            assert.match(asKnown(r.facts.rPackages).partial ?? "", /install\.packages reads r-packages\.txt \(D:3\): copied from the build context \(r-packages\.txt\) but no build context was given/);
            assert.equal(r.notes.length, 1);
        });
    });

    describe("default-jdk per distribution release (row 7)", () => {
        it("is the release's OpenJDK when the base reference names the release", () => {
            const cases: [string, string][] = [
                ["ubuntu:jammy", "openjdk-11-jdk"],
                ["ubuntu:22.04", "openjdk-11-jdk"],
                ["rstudio/r-session-complete:jammy-2025.05.1", "openjdk-11-jdk"],
                ["rstudio/r-session-complete:ubuntu2204-2025.05.1", "openjdk-11-jdk"],
                ["debian:bookworm-slim", "openjdk-17-jdk"],
                ["debian:12", "openjdk-17-jdk"],
                ["ubuntu:noble-20240801", "openjdk-21-jdk"],
                ["debian:trixie", "openjdk-21-jdk"],
            ];
            for (const [from, jdk] of cases) {
                const r = inspect(df(`FROM ${from}`, "RUN apt-get update && apt-get install -y sudo libpng-dev default-jdk"));
                assert.deepEqual(names(asKnown(r.facts.systemPackages).value), ["sudo", "libpng-dev", "default-jdk", jdk], from);
            }
            assert.equal(defaultJavaPackage("default-jre-headless", releaseOf("ubuntu:focal")), "openjdk-11-jre-headless");
        });

        it("is unknown (the list partial) when the release is not known", () => {
            const r = inspect(df("FROM rocker/r-ver:4.4.1", "RUN apt-get install -y default-jdk"), { file: "D" });
            assert.deepEqual(names(asKnown(r.facts.systemPackages).value), ["default-jdk"]);
            assert.match(asKnown(r.facts.systemPackages).partial ?? "", /default-jdk \(D:2\) installs the default Java of the distribution release, which the base image reference rocker\/r-ver:4\.4\.1 does not tell/);
        });
    });

    describe("littler", () => {
        it("install2.r and installGithub.r", () => {
            const r = inspect(df("FROM rocker/r-ver:4.4.1", "RUN install2.r --error --skipinstalled -n 4 reticulate remotes && installGithub.r rstudio/reticulate@v1.38"));
            assert.deepEqual(asKnown(r.facts.rPackages).value.map((p) => `${p.name}:${p.via}`), ["reticulate:install2.r", "remotes:install2.r", "reticulate:installGithub.r"]);
        });
    });

    describe("package names only known at build time", () => {
        it("$(...), backticks and xargs feeding an installer make that list partial; other substitutions do not", () => {
            const r = inspect(df("FROM scratch", "RUN apt-get install -y $(cat /tmp/pkgs.txt) && pip install `cat req`", "RUN cat r.txt | xargs -r install2.r --error", "RUN ln -s $(which R) /usr/local/bin/R && apt-get install -y sudo"), { file: "D" });
            assert.equal(asKnown(r.facts.systemPackages).partial, "apt-get at D:2 installs packages named by a command substitution, only known at build time");
            assert.equal(asKnown(r.facts.pythonPackages).partial, "pip at D:2 installs packages named by a command substitution, only known at build time");
            assert.equal(asKnown(r.facts.rPackages).partial, "install2.r at D:3 installs packages named by xargs from a pipe, only known at build time");
            const plain = inspect(df("FROM scratch", "RUN ln -s $(which R) /usr/local/bin/R && apt-get install -y sudo"));
            assert.equal(asKnown(plain.facts.systemPackages).partial, undefined);
        });
    });

    describe("partial lists (decision 1)", () => {
        it("lists are partial because the base was not inspected; FROM scratch has no base to see", () => {
            const r = inspect(df("FROM rstudio/r-session-complete:jammy-2025.05.1", "RUN apt-get install -y sudo"));
            for (const f of [r.facts.systemPackages, r.facts.rPackages, r.facts.pythonPackages, r.facts.env, r.facts.pathWrites, r.facts.commands] as Fact<unknown>[]) {
                assert.equal(asKnown(f).partial, "the base image rstudio/r-session-complete:jammy-2025.05.1 was not inspected");
            }
            const s = inspect(df("FROM scratch", "COPY x /x"));
            assert.equal(asKnown(s.facts.systemPackages).partial, undefined);
        });
    });
});
