import { emptyFacts, known, type ImageFacts } from "../../core";

/** Dockerfile facts of an image that passes every rule (as a CPU image). Tests change one fact at a time. */
export function compliantFacts(): ImageFacts {
    const file = "Dockerfile";
    const f = emptyFacts("dockerfile");
    f.file = file;
    f.finalStageLine = 3;
    f.baseImage = known("rstudio/r-session-complete:jammy-2025.05.1", "dockerfile", { file, line: 3, via: "FROM" });
    f.workbenchVersion = known("2026.08.2+200.pro1", "dockerfile", { file, line: 2, via: "ARG RSW_VERSION" });
    f.platform = known("linux/amd64", "dockerfile", { file, line: 3, via: "FROM --platform" });
    f.systemPackages = known(
        [
            { name: "sudo", manager: "apt" as const, file, line: 5 },
            { name: "openjdk-11-jdk", manager: "apt" as const, file, line: 5 },
            { name: "libpng-dev", manager: "apt" as const, file, line: 5 },
        ],
        "dockerfile",
    );
    f.rPackages = known([{ name: "reticulate", via: "install.packages", file, line: 6 }], "dockerfile");
    f.pythonPackages = known(
        [
            { name: "boto3", extras: [], specifier: "", file, line: 7 },
            { name: "awscli", extras: [], specifier: "", file, line: 7 },
            { name: "sagemaker", extras: ["local"], specifier: "<3", raw: "sagemaker[local]<3", file, line: 7 },
        ],
        "dockerfile",
    );
    f.env = known(
        {
            RSTUDIO_CONNECT_URL: { value: "https://connect.example.com", file, line: 8 },
            RSTUDIO_PACKAGE_MANAGER_URL: { value: "", file, line: 9 },
            RSTUDIO_FORCE_NON_ZERO_EXIT_CODE: { value: "1", file, line: 10 },
        },
        "dockerfile",
    );
    f.entrypoint = known({}, "dockerfile");
    f.pathWrites = known([{ path: "/opt/acme/setup.R", via: "COPY", file, line: 11 }], "dockerfile");
    f.commands = known([{ argv: ["apt-get", "install", "-y", "sudo"], file, line: 5 }], "dockerfile");
    f.files = { state: "unknown", source: "dockerfile", reason: "only known from a built image" };
    f.sizeBytes = { state: "unknown", source: "dockerfile", reason: "measured on the built image" };
    f.processor = known("CPU" as const, "context", { via: "declared" });
    return f;
}
