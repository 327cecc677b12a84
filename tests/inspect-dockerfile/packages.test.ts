import { strict as assert } from "assert";
import { parseRequirement, parseRequirementsText } from "../../inspect/pip";
import { rInstallsFromCode } from "../../inspect/rcode";
import { rpmName } from "../../inspect/syspkg";
import { df, inspect, knownValue } from "./helpers";

function system(run: string): [string, string | undefined, string][] {
    return knownValue(inspect(df("FROM img", run)).facts.systemPackages).map((p) => [p.name, p.version, p.manager]);
}
function rpkgs(run: string): [string, string | undefined, string][] {
    return knownValue(inspect(df("FROM img", run)).facts.rPackages).map((p) => [p.name, p.version, p.via]);
}
function pypkgs(run: string): [string, string[], string][] {
    return knownValue(inspect(df("FROM img", run)).facts.pythonPackages).map((p) => [p.name, p.extras, p.specifier]);
}

describe("inspect/dockerfile: system packages", () => {
    it("apt-get / apt with options, pins, arch qualifiers and releases", () => {
        assert.deepEqual(system("RUN apt-get -q update && apt-get -o Dpkg::Options::=--force-confold install -y --no-install-recommends sudo openjdk-11-jdk=11.0.20* libpng-dev:amd64=1.6.37-3 curl/bookworm-backports"), [
            ["sudo", undefined, "apt"],
            ["openjdk-11-jdk", "11.0.20*", "apt"],
            ["libpng-dev", "1.6.37-3", "apt"],
            ["curl", undefined, "apt"],
        ]);
        assert.deepEqual(system("RUN apt install -qq -y sudo"), [["sudo", undefined, "apt"]]);
        assert.deepEqual(system("RUN apt-get install -y -t bookworm-backports sudo"), [["sudo", undefined, "apt"]]);
    });

    it("only install subcommands count", () => {
        assert.deepEqual(system("RUN apt-get remove -y sudo && apt-get purge libpng-dev && yum erase x && apt-get update"), []);
    });

    it("yum / dnf / microdnf with --setopt and rpm-style version pins", () => {
        assert.deepEqual(system("RUN yum install -y --setopt=tsflags=nodocs sudo java-11-openjdk-devel libpng-devel-1.6.34-5.el8.x86_64 && yum clean all"), [
            ["sudo", undefined, "yum"],
            ["java-11-openjdk-devel", undefined, "yum"],
            ["libpng-devel", "1.6.34-5.el8", "yum"],
        ]);
        assert.deepEqual(system("RUN dnf -y --enablerepo crb install cuda-toolkit-12-4 && microdnf install -y sudo-1.9.5p2"), [
            ["cuda-toolkit-12-4", undefined, "dnf"],
            ["sudo", "1.9.5p2", "microdnf"],
        ]);
        assert.deepEqual(system("RUN dnf module install -y nvidia-driver:latest-dkms"), [["nvidia-driver", undefined, "dnf"]]);
    });

    it("dpkg -i of .deb files (name up to the first _), apt-get install ./x.deb, rpm -ivh", () => {
        assert.deepEqual(system("RUN dpkg -i /tmp/rstudio-workbench_2025.05.1-513.pro3_amd64.deb ./other.deb && apt-get install -y ./local_1.0_amd64.deb && rpm -ivh pkg-2.1.0-1.el8.x86_64.rpm"), [
            ["rstudio-workbench", "2025.05.1-513.pro3", "dpkg"],
            ["other", undefined, "dpkg"],
            ["local", "1.0", "apt"],
            ["pkg", "2.1.0-1.el8", "rpm"],
        ]);
    });

    it("sudo / env / DEBIAN_FRONTEND prefixes", () => {
        assert.deepEqual(system("RUN sudo DEBIAN_FRONTEND=noninteractive apt-get install -y a && env DEBIAN_FRONTEND=noninteractive apt-get install -y b").map((p) => p[0]), ["a", "b"]);
    });

    it("records the RUN line and file", () => {
        const p = knownValue(inspect(df("FROM img", "", "RUN apt-get install -y \\", "  sudo"), { file: "F" }).facts.systemPackages)[0];
        assert.equal(p.line, 3);
        assert.equal(p.file, "F");
    });

    it("rpm names keep numbers that are part of the name", () => {
        assert.deepEqual(rpmName("java-11-openjdk-devel"), { name: "java-11-openjdk-devel" });
        assert.deepEqual(rpmName("cuda-12-4"), { name: "cuda-12-4" });
        assert.deepEqual(rpmName("nvidia-driver-550.54.15"), { name: "nvidia-driver", version: "550.54.15" });
        assert.deepEqual(rpmName("python3.11-devel"), { name: "python3.11-devel" });
    });
});

describe("inspect/dockerfile: R packages", () => {
    it("R -e / Rscript -e / /opt/R/${R_VERSION}/bin/R -e with install.packages", () => {
        assert.deepEqual(
            rpkgs(`RUN /opt/R/\${R_VERSION}/bin/R -e "install.packages('reticulate', repos='https://packagemanager.rstudio.com/cran/__linux__/centos7/latest')"`),
            [["reticulate", undefined, "install.packages"]],
        );
        assert.deepEqual(rpkgs(`RUN Rscript --vanilla -e 'install.packages(c("a", "b.c"), repos = "https://x", dependencies = TRUE)' -e 'utils::install.packages(pkgs = "d")'`), [
            ["a", undefined, "install.packages"],
            ["b.c", undefined, "install.packages"],
            ["d", undefined, "utils::install.packages"],
        ]);
    });

    it("pak, remotes, devtools, BiocManager, renv", () => {
        const code = [
            `pak::pak("x")`,
            `pak::pkg_install(c("y@1.2.3", "cran::z", "bioc::Biostrings", "github::owner/ghpkg@v1"))`,
            `remotes::install_cran("w")`,
            `remotes::install_version("v", version = "0.9.1", repos = "https://cran.r-project.org")`,
            `remotes::install_version("u", "2.0")`,
            `remotes::install_github("rstudio/reticulate@main")`,
            `devtools::install_github(repo = "org/mono/sub/inner#12")`,
            `BiocManager::install(c("limma", "edgeR"), update = FALSE)`,
            `renv::install("t@1.0")`,
        ].join("; ");
        assert.deepEqual(
            rInstallsFromCode(code).map((p) => [p.name, p.version, p.via]),
            [
                ["x", undefined, "pak::pak"],
                ["y", "1.2.3", "pak::pkg_install"],
                ["z", undefined, "pak::pkg_install"],
                ["Biostrings", undefined, "pak::pkg_install"],
                ["ghpkg", undefined, "pak::pkg_install"],
                ["w", undefined, "remotes::install_cran"],
                ["v", "0.9.1", "remotes::install_version"],
                ["u", "2.0", "remotes::install_version"],
                ["reticulate", undefined, "remotes::install_github"],
                ["inner", undefined, "devtools::install_github"],
                ["limma", undefined, "BiocManager::install"],
                ["edgeR", undefined, "BiocManager::install"],
                ["t", "1.0", "renv::install"],
            ],
        );
    });

    it("ignores named arguments, variables, comments and unrelated calls", () => {
        assert.deepEqual(rInstallsFromCode(`options(repos = c(CRAN = "https://x")); install.packages(pkgs, repos = "r") # install.packages("no")`), []);
        assert.deepEqual(rInstallsFromCode(`library(pak); pak(c('a', "b"))`).map((p) => p.name), ["a", "b"]);
        assert.deepEqual(rInstallsFromCode(`install.packages("/tmp/mypkg_1.2.tar.gz", repos = NULL, type = "source")`).map((p) => [p.name, p.version]), [["mypkg", "1.2"]]);
        assert.deepEqual(rInstallsFromCode(`install(c("x"))`), [], "bare install() is not BiocManager's");
    });

    it("install2.r, installr, installGithub.r and R CMD INSTALL", () => {
        assert.deepEqual(rpkgs("RUN install2.r --error --skipinstalled -n 4 -r https://cloud.r-project.org reticulate data.table"), [
            ["reticulate", undefined, "install2.r"],
            ["data.table", undefined, "install2.r"],
        ]);
        assert.deepEqual(rpkgs("RUN installr -d -t 'zlib-dev' -a libpng reticulate r-lib/cli@v3"), [
            ["reticulate", undefined, "installr"],
            ["cli", undefined, "installr"],
        ]);
        assert.deepEqual(rpkgs("RUN installGithub.r rstudio/reticulate && R CMD INSTALL /tmp/pkg_0.1.tar.gz"), [
            ["reticulate", undefined, "installGithub.r"],
            ["pkg", "0.1", "R CMD INSTALL"],
        ]);
    });
});

describe("inspect/dockerfile: Python packages", () => {
    it("the AWS sample: /opt/python/${PYTHON_VERSION}/bin/pip install --upgrade with odd specifiers", () => {
        const text = df(
            "FROM img",
            "ARG PYTHON_VERSION=3.9.5",
            "RUN /opt/python/${PYTHON_VERSION}/bin/pip install --upgrade \\",
            "    'boto3>1.0<2.0' \\",
            "    'awscli>1.0<2.0' \\",
            "    'sagemaker[local]<3'",
        );
        const pkgs = knownValue(inspect(text, { file: "D" }).facts.pythonPackages);
        assert.deepEqual(
            pkgs.map((p) => [p.name, p.extras, p.specifier, p.raw, p.line, p.file]),
            [
                ["boto3", [], ">1.0<2.0", "boto3>1.0<2.0", 3, "D"],
                ["awscli", [], ">1.0<2.0", "awscli>1.0<2.0", 3, "D"],
                ["sagemaker", ["local"], "<3", "sagemaker[local]<3", 3, "D"],
            ],
        );
    });

    it("every pip spelling", () => {
        const forms = [
            "pip install a",
            "pip3 install a",
            "pip3.11 install a",
            "/usr/local/bin/pip install a",
            "/opt/python/3.11.4/bin/pip3 install a",
            "python -m pip install a",
            "python3 -m pip install a",
            "/opt/python/3.11/bin/python3.11 -u -m pip install a",
            "uv pip install --system a",
            "pip --no-cache-dir install a",
        ];
        for (const f of forms) assert.deepEqual(pypkgs(`RUN ${f}`), [["a", [], ""]], f);
        assert.deepEqual(pypkgs("RUN pip download a && pip uninstall -y b && python3 script.py install c && pipx install d"), []);
    });

    it("skips options, including ones that take values", () => {
        assert.deepEqual(
            pypkgs("RUN pip install -U --no-cache-dir --index-url https://pypi.example/simple -i https://x --extra-index-url https://y -c constraints.txt --target /opt/t --trusted-host h -qq 'Sagemaker_Python.SDK>=2,<3' numpy==1.26.* \"pandas >= 2.0, < 3\""),
            [
                ["sagemaker-python-sdk", [], ">=2,<3"],
                ["numpy", [], "==1.26.*"],
                ["pandas", [], ">=2.0,<3"],
            ],
        );
    });

    it("unquoted < is a shell redirection, as the shell sees it", () => {
        const r = inspect(df("FROM img", "RUN pip install sagemaker<3"));
        assert.deepEqual(knownValue(r.facts.pythonPackages).map((p) => [p.name, p.specifier]), [["sagemaker", ""]]);
    });

    it("parseRequirement: extras, markers, direct references, wheels, VCS eggs, paths", () => {
        assert.deepEqual(parseRequirement("sagemaker[local, jupyter] ~= 2.200 ; python_version >= '3.8'"), {
            name: "sagemaker",
            extras: ["local", "jupyter"],
            specifier: "~=2.200",
            raw: "sagemaker[local, jupyter] ~= 2.200 ; python_version >= '3.8'",
        });
        assert.equal(parseRequirement("pkg @ https://x/pkg.zip")?.specifier, "");
        assert.deepEqual(parseRequirement("./dist/sagemaker-2.232.0-py3-none-any.whl"), { name: "sagemaker", extras: [], specifier: "==2.232.0", raw: "./dist/sagemaker-2.232.0-py3-none-any.whl" });
        assert.equal(parseRequirement("git+https://github.com/aws/sagemaker-python-sdk@v2#egg=sagemaker")?.name, "sagemaker");
        assert.equal(parseRequirement("."), undefined);
        assert.equal(parseRequirement("/src/pkg"), undefined);
        assert.equal(parseRequirement("--upgrade"), undefined);
        assert.equal(parseRequirement("pkg (>=1.0)")?.specifier, ">=1.0");
    });

    it("parseRequirementsText: comments, continuations, options, nested -r, hashes", () => {
        const text = ["# comment", "", "boto3>=1.34  # inline", "-r base.txt", "--requirement=more.txt", "-rdev.txt", "-c constraints.txt", "--index-url https://x", "-e .", "awscli \\", "  ==1.32.0", "numpy==1.26.4 --hash=sha256:abc"].join("\n");
        assert.deepEqual(parseRequirementsText(text), { requirements: ["boto3>=1.34", "awscli   ==1.32.0", "numpy==1.26.4"], nested: ["base.txt", "more.txt", "dev.txt"] });
    });
});
