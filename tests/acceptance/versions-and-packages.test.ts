import { strict as assert } from "assert";
import { BODY, FROM, bodyWithout, check, expectMandatory, of, run } from "./helpers";

describe("acceptance: RSB001 base version from tags, ARG/ENV and --build-arg", () => {
    it("an unused global ARG does not override the FROM tag (Docker scopes it to FROM lines)", async () => {
        const c = await check(["ARG RSW_VERSION=2022.02.1+461.pro1", "FROM rstudio/r-session-complete:jammy-2023.12.1", ...BODY]);
        expectMandatory(c, []);
        assert.equal(c.facts.workbenchVersion.value, "2023.12.1");
        assert.equal(c.facts.workbenchVersion.via, "FROM tag");
    });

    it("a global ARG used in the FROM tag decides, and --build-arg overrides it", async () => {
        const lines = ["ARG RSW_VERSION=2025.05.1", "FROM rstudio/r-session-complete:jammy-${RSW_VERSION}", ...BODY];
        expectMandatory(await check(lines), []);
        const old = await check(lines, ["--build-arg", "RSW_VERSION=2022.02.1-461.pro1"]);
        expectMandatory(old, ["RSB001"]);
        assert.match(of(old, "RSB001")[0].message, /2022\.02\.1-461\.pro1 .* older than the minimum 2022\.02\.2-485\.pro2/);
    });

    it("a global ARG refines the tag's version with its build number when both name the same release", async () => {
        const c = await check(["ARG RSW_VERSION=2025.05.1+513.pro3", "FROM rstudio/r-session-complete:jammy-2025.05.1", ...BODY]);
        assert.equal(c.facts.workbenchVersion.value, "2025.05.1+513.pro3");
    });

    it("a redeclared global ARG is in scope of the stage and decides", async () => {
        const c = await check(["ARG RSW_VERSION=2021.09.2+382.pro1", "FROM ubuntu:22.04", "ARG RSW_VERSION", ...BODY]);
        expectMandatory(c, ["RSB001"]);
    });

    it("an empty tag variable says which --build-arg is missing", async () => {
        const c = await check(["ARG RSW_VERSION", "FROM rstudio/r-session-complete:jammy-${RSW_VERSION}", ...BODY]);
        expectMandatory(c, []);
        const f = of(c, "RSB001");
        assert.equal(f.length, 1);
        assert.equal(f[0].level, "advisory");
        assert.match(f[0].message, /\$RSW_VERSION has no value \(pass --build-arg RSW_VERSION=\.\.\.\)/);
        assert.equal(f[0].line, 2);
    });
});

describe("acceptance: RSB003 reticulate in the R forms users write", () => {
    const withR = (r: string | string[]) => [FROM, ...bodyWithout(/install\.packages/), ...(Array.isArray(r) ? r : [r])];

    const passing: [string, string | string[]][] = [
        ["R code piped from echo", `RUN echo "install.packages('reticulate')" | R --no-save`],
        ["a here-string", `RUN R --no-save <<< "install.packages('reticulate')"`],
        ["a Dockerfile heredoc fed to R", ["RUN R --no-save <<EOF", "install.packages('reticulate')", "EOF"]],
        ["a shell heredoc inside a heredoc script", ["RUN <<EOF", "R --no-save <<'RCODE'", "install.packages('reticulate')", "RCODE", "EOF"]],
        ["a variable holding the package names", `RUN Rscript -e 'pkgs <- c("reticulate", "ggplot2"); install.packages(pkgs)'`],
        ["several -e expressions run as one script", `RUN Rscript -e 'p = "reticulate"' -e 'install.packages(p, repos = "https://cran.r-project.org")'`],
    ];
    for (const [what, line] of passing) {
        it(`finds reticulate in ${what}`, async () => expectMandatory(await check(withR(line)), []));
    }

    describe("an R script from the build context", () => {
        const files = { "install.R": 'options(repos = c(CRAN = "https://cran.r-project.org"))\ninstall.packages(c("reticulate", "DBI"))\n', "other.R": 'install.packages("DBI")\n' };
        const forms: [string, string[]][] = [
            ["Rscript FILE", ["COPY install.R /tmp/install.R", "RUN Rscript --vanilla /tmp/install.R && rm /tmp/install.R"]],
            ["R -f FILE relative to WORKDIR", ["WORKDIR /build", "COPY install.R .", "RUN R -f install.R"]],
            ["R < FILE", ["COPY install.R /tmp/", "RUN R --no-save < /tmp/install.R"]],
            ["R CMD BATCH FILE from COPY . /src", ["COPY . /src", "RUN R CMD BATCH /src/install.R"]],
            ["a bind mount", ["RUN --mount=type=bind,source=install.R,target=/tmp/install.R Rscript /tmp/install.R"]],
        ];
        for (const [what, lines] of forms) {
            it(`is read: ${what}`, async () => expectMandatory(await check(withR(lines), [], files), []));
        }
        it("a script that installs something else, or one missing from the context (with a note), is not reticulate", async () => {
            expectMandatory(await check(withR(["COPY other.R /tmp/", "RUN Rscript /tmp/other.R"]), [], files), ["RSB003"]);
            const lines = withR(["COPY nope.R /tmp/", "RUN Rscript /tmp/nope.R"]);
            expectMandatory(await check(lines, [], files), ["RSB003"]);
            assert.match((await run(lines, [], files)).stdout, /note: .*:7: R script \/tmp\/nope\.R: could not read nope\.R\b.* from the build context/);
        });
    });

    it("a piped echo of another package, or a named argument, is not reticulate", async () => {
        expectMandatory(await check(withR(`RUN echo 'install.packages("ggplot2")' | R --no-save && echo reticulate | cat`)), ["RSB003"]);
        expectMandatory(await check(withR(`RUN Rscript -e 'install.packages(pkgs = "ggplot2", lib = "reticulate")'`)), ["RSB003"]);
    });

    it("a shell heredoc is data for its command, not commands: a path in it is not written", async () => {
        const c = await check([FROM, ...BODY, "RUN <<EOF", "cat <<'X' > /etc/motd", "mkdir /opt/ml/not-a-command", "X", "EOF"]);
        expectMandatory(c, []);
    });
});

describe("acceptance: RSB004/RSB005 shell and ENV corner cases", () => {
    it("an unquoted sagemaker<3 is a shell redirection: the requirement is unpinned, and a note says why", async () => {
        const lines = [FROM, ...bodyWithout(/pip install/), "RUN pip install boto3 awscli sagemaker[local]<3"];
        const c = await check(lines);
        expectMandatory(c, ["RSB004"]);
        assert.match(of(c, "RSB004")[0].message, /"sagemaker\[local\]" has no version constraint/);
        const text = await run(lines);
        assert.match(text.stdout, /note: .*:6: `<3` after pip install is a shell redirection, not a version constraint: quote the requirement \('sagemaker\[local\]<3'\)/);
    });

    it("ENV with a quoted key sets that key (BuildKit expands keys too)", async () => {
        const c = await check([FROM, ...bodyWithout(/RSTUDIO_CONNECT_URL/), 'ENV "RSTUDIO_CONNECT_URL"="" RSTUDIO_PACKAGE_MANAGER_URL=""']);
        expectMandatory(c, []);
    });

    it("the legacy ENV form takes the rest of the line as the value, as Docker does", async () => {
        const c = await check([FROM, ...bodyWithout(/RSTUDIO_CONNECT_URL/), "ENV RSTUDIO_CONNECT_URL https://a.example.com RSTUDIO_PACKAGE_MANAGER_URL=https://b.example.com"]);
        expectMandatory(c, ["RSB005"]);
        assert.ok(of(c, "RSB005").some((f) => /RSTUDIO_PACKAGE_MANAGER_URL has no default value/.test(f.message)));
    });
});
