import type { Rule } from "../types";
import { origin, place, result } from "./util";

/** `linux/amd64`, `linux/x86_64`, `linux/amd64/v2`, and `amd64` (Docker defaults the OS to linux) → true. */
export function isLinuxAmd64(platform: string): boolean {
    const parts = platform.trim().toLowerCase().split("/");
    const [os, arch] = parts.length === 1 ? ["linux", parts[0]] : parts;
    return os === "linux" && (arch === "amd64" || arch === "x86_64" || arch === "x86-64");
}

export const platform: Rule = {
    id: "RSB012",
    slug: "platform",
    level: "mandatory",
    summary: "The image is linux/amd64 (FROM --platform, the build platform, the image's architecture).",
    fix: "Build for linux/amd64: docker build --platform linux/amd64 (the RStudioImage component does this), and do not use FROM --platform with another architecture.",
    rationale: "SageMaker RStudio runs RSessions on x86_64 instances only; Posit publishes the session images for amd64.",
    evidence: "The platform: FROM --platform in the final stage, the build platform the caller gives (the component's platform), the inspected base's or the built image's os/architecture.",
    blindSpots:
        "A Dockerfile without FROM --platform builds for the builder's platform, which only the build knows: nothing is reported until the build platform or the built image is known (an arm64 laptop build is caught on the built image).",
    evaluate(facts) {
        const fact = facts.platform;
        if (fact.state === "unknown" || isLinuxAmd64(fact.value)) return [];
        return [result(facts, fact, `The platform is ${fact.value} (${origin(fact)}); SageMaker runs linux/amd64 images only.`, `${place(facts, fact)} gives ${fact.value}${fact.via !== undefined ? ` (${fact.via})` : ""}`, fact)];
    },
};
