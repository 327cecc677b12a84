import { DRIVER_FILE_PATTERNS, DRIVER_PACKAGE_PATTERNS, isDriverInstallerCommand, matchesAny } from "../gpu";
import type { Rule, RuleResult } from "../types";
import { place, result } from "./util";

export const gpuNoDriver: Rule = {
    id: "RSB009",
    slug: "gpu-no-driver",
    level: "mandatory",
    summary: "No NVIDIA driver in the image (driver packages, CUDA meta-packages that pull it, .run installers, driver libraries).",
    fix: "Install only the toolkit (cuda-toolkit-12-4, cuda-libraries-12-4) instead of cuda / cuda-12-4 / cuda-drivers / nvidia-driver-*; for a CUDA runfile pass --toolkit.",
    rationale:
        "AWS: \"Only the CUDA toolkit should be included in the image, not the NVIDIA drivers.\" SageMaker runs GPU images with --gpus, which injects the host driver's libraries; a copy in the image conflicts with them.",
    evidence:
        "Each piece of driver evidence is its own finding: a driver package or a CUDA meta-package that depends on cuda-drivers in the package list, a RUN that runs an NVIDIA driver installer (NVIDIA-Linux-*.run, a CUDA runfile without --toolkit), or driver libraries (libcuda.so, libnvidia-ml.so, nvidia-smi) in a built image. The names are in core/gpu.ts.",
    blindSpots:
        "It reports what it sees, so nothing is unverified; but a driver in a base image that was not inspected, or installed by a script, is only seen on the built image (the post-build gate).",
    evaluate(facts) {
        const out: RuleResult[] = [];
        const pkgs = facts.systemPackages;
        if (pkgs.state === "known") {
            for (const p of pkgs.value) {
                if (!matchesAny(DRIVER_PACKAGE_PATTERNS, p.name)) continue;
                const meta = /^cuda(-runtime)?(-\d+-\d+)?$/.test(p.name) ? " (a CUDA meta-package that depends on cuda-drivers)" : "";
                const how = pkgs.source === "image" ? "is installed in the built image" : "is installed";
                out.push(result(facts, pkgs, `${p.name}${meta} ${how}: it brings the NVIDIA driver.`, `${place(facts, pkgs, p)} installs ${p.name}`, p));
            }
        }
        const cmds = facts.commands;
        if (cmds.state === "known") {
            for (const c of cmds.value) {
                if (isDriverInstallerCommand(c.argv)) {
                    out.push(result(facts, cmds, `\`${c.argv.join(" ")}\` runs an installer that puts the NVIDIA driver into the image.`, `${place(facts, cmds, c)} runs ${c.argv[0] ?? "an installer"}`, c));
                }
            }
        }
        const files = facts.files;
        if (files.state === "known") {
            const found = files.value.filter((f) => matchesAny(DRIVER_FILE_PATTERNS, f));
            if (found.length > 0) {
                const shown = found.slice(0, 5).join(", ") + (found.length > 5 ? `, … (${found.length} files)` : "");
                out.push(result(facts, files, `NVIDIA driver files are in the built image: ${shown}.`, `${found.length} driver file${found.length === 1 ? "" : "s"} found in ${place(facts, files)}`));
            }
        }
        return out;
    },
};
