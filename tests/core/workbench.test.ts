import { strict as assert } from "assert";
import {
    DEFAULT_CONFIG,
    WORKBENCH_DEPRECATIONS,
    WORKBENCH_IMAGE_ACCOUNTS,
    WORKBENCH_RELEASES,
    WORKBENCH_SOURCE,
    WorkbenchTableError,
    deprecationStatus,
    findRelease,
    newerSupportedRelease,
    newestSupportedRelease,
    rVersionsFor,
    sessionImageAdvice,
    unconfirmedNewer,
    upgradeAdvice,
    workbenchFromImageArn,
    workbenchImageArn,
} from "../../core";

/** AWS "RStudio versioning", read 2026-11-30 (values as in ../shared/FACTS.md): the table must say exactly this. */
const PAGE_ACCOUNTS: Record<string, string> = {
    "us-east-1": "081325390199",
    "us-east-2": "429704687514",
    "us-west-1": "742091327244",
    "us-west-2": "236514542706",
    "af-south-1": "559312083959",
    "ap-east-1": "493642496378",
    "ap-south-1": "394103062818",
    "ap-northeast-1": "102112518831",
    "ap-northeast-2": "806072073708",
    "ap-southeast-1": "492261229750",
    "ap-southeast-2": "452832661640",
    "ca-central-1": "310906938811",
    "eu-central-1": "936697816551",
    "eu-west-1": "470317259841",
    "eu-west-2": "712779665605",
    "eu-west-3": "615547856133",
    "eu-north-1": "243637512696",
    "eu-south-1": "592751261982",
    "sa-east-1": "782484402741",
};

const throwsNaming = (fn: () => unknown, ...needles: RegExp[]) => {
    let err: unknown;
    try {
        fn();
    } catch (e) {
        err = e;
    }
    assert.ok(err instanceof WorkbenchTableError, `expected a WorkbenchTableError, got ${String(err)}`);
    for (const n of needles) assert.match((err as Error).message, n);
};

describe("core/workbench: the one Workbench version table", () => {
    it("carries its source page and the date read", () => {
        assert.equal(WORKBENCH_SOURCE.url, "https://docs.aws.amazon.com/sagemaker/latest/dg/rstudio-version.html");
        assert.equal(WORKBENCH_SOURCE.read, "2026-11-30");
    });

    it("holds the page's accounts for every region, and nothing else", () => {
        assert.deepEqual({ ...WORKBENCH_IMAGE_ACCOUNTS }, PAGE_ACCOUNTS);
        for (const a of Object.values(WORKBENCH_IMAGE_ACCOUNTS)) assert.match(a, /^\d{12}$/);
    });

    it("holds the page's versions, image names, dates and R versions", () => {
        const byLine = Object.fromEntries(WORKBENCH_RELEASES.map((r) => [r.line, r]));
        assert.equal(byLine["2025.05"].version, "2025.05.1+513.pro3");
        assert.equal(byLine["2025.05"].imageName, "rstudio-workbench-2025.05-sagemaker-1.0");
        assert.equal(byLine["2025.05"].deprecatedOn, "2026-12-05");
        assert.deepEqual(byLine["2025.05"].rVersions, ["4.5.1", "4.4.3", "4.4.0", "4.3.3", "4.2.3", "4.2.1", "4.1.3", "4.0.2"]);
        assert.equal(byLine["2024.04"].version, "2024.04.2+764.pro1");
        assert.equal(byLine["2024.04"].imageName, "rstudio-workbench-2024.04", "2024.04 has no -sagemaker-1.0 suffix");
        assert.equal(byLine["2024.04"].deprecatedOn, "2026-04-30");
        assert.equal(byLine["2023.03"].deprecated, true);
        assert.equal(byLine["2022.02"].deprecated, true);
        assert.equal(byLine["2026.08"].confirmed, false, "named by one copy of the page only");
        assert.equal(byLine["2026.08"].imageName, undefined);
        for (const r of WORKBENCH_RELEASES) assert.equal(r.line, r.version.slice(0, 7), r.version);
    });

    it("is the config's default deprecation list (one place)", () => {
        assert.deepEqual(
            [...WORKBENCH_DEPRECATIONS].map((d) => [d.version, d.deprecatedOn]),
            [
                ["2022.02.2-485.pro2", undefined],
                ["2023.03.2-547.pro5", undefined],
                ["2024.04.2+764.pro1", "2026-04-30"],
                ["2025.05.1+513.pro3", "2026-12-05"],
            ],
        );
        assert.deepEqual(
            DEFAULT_CONFIG.deprecatedVersions.map((d) => [d.version, d.deprecatedOn]),
            WORKBENCH_DEPRECATIONS.map((d) => [d.version, d.deprecatedOn]),
        );
    });

    describe("workbenchImageArn(version, region)", () => {
        it("builds the ARN AWS lists: 2024.04 without suffix, 2025.05 with -sagemaker-1.0, per-region account", () => {
            assert.equal(workbenchImageArn("2025.05.1+513.pro3", "us-east-1"), "arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-2025.05-sagemaker-1.0");
            assert.equal(workbenchImageArn("2024.04.2+764.pro1", "eu-west-1"), "arn:aws:sagemaker:eu-west-1:470317259841:image/rstudio-workbench-2024.04");
            // a line, a tag-style version and a Posit tag all name the same release
            assert.equal(workbenchImageArn("2025.05", "sa-east-1"), "arn:aws:sagemaker:sa-east-1:782484402741:image/rstudio-workbench-2025.05-sagemaker-1.0");
            assert.equal(workbenchImageArn("2025.05.1-513.pro3", "ap-south-1"), workbenchImageArn("jammy-2025.05.1", "ap-south-1"));
            for (const region of Object.keys(PAGE_ACCOUNTS)) {
                assert.match(workbenchImageArn("2025.05", region), new RegExp(`^arn:aws:sagemaker:${region}:${PAGE_ACCOUNTS[region]}:image/`));
            }
        });
        it("an unknown version is an error naming the versions that have a domain image", () => {
            throwsNaming(() => workbenchImageArn("2023.12.1", "us-east-1"), /"2023\.12\.1" is not in the table/, /2024\.04\.2\+764\.pro1 \(2024\.04\)/, /2025\.05\.1\+513\.pro3 \(2025\.05\)/, /rstudio-version\.html/);
            throwsNaming(() => workbenchImageArn("latest", "us-east-1"), /"latest" is not in the table/);
        });
        it("a deprecated line without an image, or an unconfirmed one, is an error saying so", () => {
            throwsNaming(() => workbenchImageArn("2023.03.2-547.pro5", "us-east-1"), /has no domain image ARN/, /deprecated/, /2025\.05\.1\+513\.pro3/);
            throwsNaming(() => workbenchImageArn("2026.08.2+200.pro1", "us-east-1"), /has no domain image ARN/, /unconfirmed/);
        });
        it("an unknown region is an error naming the known regions", () => {
            throwsNaming(() => workbenchImageArn("2025.05", "mars-north-1"), /region "mars-north-1"/, /us-east-1/, /sa-east-1/, /eu-south-1/);
            throwsNaming(() => workbenchImageArn("2025.05", "cn-north-1"), /region "cn-north-1"/);
        });
    });

    describe("workbenchFromImageArn(arn)", () => {
        it("reads the line from both ARN forms, and says whether the table lists it", () => {
            const a = workbenchFromImageArn("arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-2025.05-sagemaker-1.0");
            assert.deepEqual({ line: a?.line, region: a?.region, account: a?.account, listed: a?.listed, version: a?.release?.version }, {
                line: "2025.05",
                region: "us-east-1",
                account: "081325390199",
                listed: true,
                version: "2025.05.1+513.pro3",
            });
            assert.equal(workbenchFromImageArn("arn:aws:sagemaker:eu-west-1:470317259841:image/rstudio-workbench-2024.04")?.line, "2024.04");
            assert.equal(workbenchFromImageArn("arn:aws:sagemaker:eu-west-1:470317259841:image/rstudio-workbench-2024.04")?.listed, true);
        });
        it("an ARN the page does not list (invented suffix, wrong account) is read but not listed", () => {
            const invented = workbenchFromImageArn("arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-2024.04-sagemaker-1.0");
            assert.equal(invented?.line, "2024.04");
            assert.equal(invented?.listed, false);
            assert.equal(workbenchFromImageArn("arn:aws:sagemaker:us-east-1:111111111111:image/rstudio-workbench-2025.05-sagemaker-1.0")?.listed, false);
            assert.equal(workbenchFromImageArn("arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-2030.01")?.release, undefined);
        });
        it("anything else is not a domain image", () => {
            assert.equal(workbenchFromImageArn("arn:aws:sagemaker:us-east-1:1:image/rserver"), undefined);
            assert.equal(workbenchFromImageArn("2025.05.1+513.pro3"), undefined);
            assert.equal(workbenchFromImageArn(""), undefined);
        });
    });

    describe("deprecation status and the newest supported line", () => {
        it("tells supported, scheduled, deprecated and unlisted apart by date", () => {
            assert.equal(deprecationStatus("2025.05.1+513.pro3", "2026-11-30").state, "scheduled");
            assert.equal(deprecationStatus("2025.05.1+513.pro3", "2026-12-04").state, "scheduled");
            assert.equal(deprecationStatus("2025.05.1+513.pro3", "2026-12-05").state, "deprecated", "deprecated on the day");
            assert.equal(deprecationStatus("2024.04", "2026-11-30").deprecatedOn, "2026-04-30");
            assert.equal(deprecationStatus("2024.04", "2026-11-30").state, "deprecated");
            assert.equal(deprecationStatus("2024.04", "2026-01-01").state, "scheduled");
            assert.equal(deprecationStatus("2022.02.2-485.pro2", "2020-01-01").state, "deprecated", "listed without a date");
            assert.equal(deprecationStatus("2023.12.1", "2026-11-30").state, "unlisted");
            assert.equal(deprecationStatus("2026.08.2+200.pro1", "2026-11-30").state, "unlisted", "unconfirmed is not supported");
            assert.equal(deprecationStatus("ubuntu", "2026-11-30").state, "unlisted");
            assert.equal(deprecationStatus("2025.05", undefined).state, "deprecated", "without a date a known date counts as passed");
        });
        it("a config override decides, not the table", () => {
            const extended = [{ version: "2025.05.1+513.pro3", deprecatedOn: "2027-06-30" }];
            assert.equal(deprecationStatus("2025.05", "2026-12-10", extended).state, "scheduled");
            assert.equal(newestSupportedRelease("2026-12-10", extended)?.line, "2025.05");
        });
        it("the newest supported line is never deprecated nor unconfirmed; none after 2026-12-05", () => {
            assert.equal(newestSupportedRelease("2026-11-30")?.version, "2025.05.1+513.pro3");
            assert.equal(newestSupportedRelease("2026-04-01")?.version, "2025.05.1+513.pro3");
            assert.equal(newestSupportedRelease("2026-12-05"), undefined);
            assert.equal(newerSupportedRelease("2024.04.2+764.pro1", "2026-11-30")?.line, "2025.05");
            assert.equal(newerSupportedRelease("2025.05.1", "2026-11-30"), undefined, "nothing newer than 2025.05 is known");
            assert.deepEqual(unconfirmedNewer("2026-11-30").map((r) => r.version), ["2026.08.2+200.pro1"]);
        });
        it("R versions come from the table", () => {
            assert.equal(rVersionsFor("2025.05.1+513.pro3")?.[0], "4.5.1");
            assert.equal(rVersionsFor("2024.04"), undefined);
            assert.equal(rVersionsFor("nonsense"), undefined);
            assert.equal(findRelease("jammy-2025.05.1")?.line, "2025.05");
        });
    });

    describe("advice", () => {
        it("on 2026-11-30: names 2025.05 with its own deprecation date and says no newer line is listed", () => {
            const a = upgradeAdvice("2026-11-30");
            assert.match(a, /The newest supported line is 2025\.05 \(2025\.05\.1\+513\.pro3, domain image rstudio-workbench-2025\.05-sagemaker-1\.0\), itself scheduled for deprecation on 2026-12-05/);
            assert.match(a, /lists no newer supported line/);
            assert.match(a, /2026\.08\.2\+200\.pro1, unconfirmed/);
            assert.doesNotMatch(a, /current/);
        });
        it("on the 2025.05 line itself it does not advise moving to it", () => {
            const a = upgradeAdvice("2026-11-30", undefined, "2025.05");
            assert.match(a, /^This is the newest supported line, 2025\.05\.1\+513\.pro3, itself scheduled for deprecation on 2026-12-05/);
            assert.doesNotMatch(a, /newest supported line is 2025\.05/);
        });
        it("after every listed line is deprecated it says so plainly and advises no deprecated version", () => {
            const a = upgradeAdvice("2026-12-06");
            assert.match(a, /^No supported Workbench line is known: every version AWS's RStudio versioning page \(read 2026-11-30\) lists is deprecated/);
            assert.doesNotMatch(a, /2025\.05\.1\+513\.pro3|2024\.04/);
        });
        it("always says what to build on after rstudio/r-session-complete", () => {
            for (const a of [upgradeAdvice("2026-11-30"), upgradeAdvice("2027-01-01"), sessionImageAdvice()]) {
                assert.match(a, /Posit stops publishing rstudio\/r-session-complete at the end of 2026/);
                assert.match(a, /posit\/workbench-session-complete:<workbench version>-<os> \(Workbench session components included\)/);
                assert.match(a, /posit\/workbench-session plus the session components/);
            }
        });
    });
});
