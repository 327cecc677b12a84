import type { Rule } from "../types";
import { place, result } from "./util";

const GB = 1e9;

export const imageSize: Rule = {
    id: "RSB011",
    slug: "image-size",
    level: "mandatory",
    summary: "The image is at most maxImageSizeGB (default 25, decimal GB as docker image ls counts); advisory above 80 %.",
    fix: "Shrink the image: multi-stage builds, apt-get clean and rm -rf /var/lib/apt/lists/*, fewer R versions, no build toolchains in the final stage.",
    rationale: "AWS: \"Image size is limited to 25 GB.\" Larger images fail to register or start.",
    evidence: "The built image's size as the Docker daemon reports it (decimal GB), against maxImageSizeGB.",
    blindSpots: "A Dockerfile alone has no size: the finding is an unverified advisory until the built image is checked (--image, the component's post-build gate).",
    evaluate(facts, config) {
        const fact = facts.sizeBytes;
        if (fact.state === "unknown") {
            const why = fact.source === "image" ? `the built image's size could not be read: ${fact.reason}` : "it can only be measured on the built image";
            return [result(facts, fact, `The image size was not checked against the ${config.maxImageSizeGB} GB limit: ${why}.`, fact.source === "image" ? "the built image's size could not be read" : "a Dockerfile has no size", undefined, {
                level: "advisory",
                unverified: fact.reason,
                fix: "Check the built image: sagemaker-rstudio check --image <ref>.",
            })];
        }
        const gb = fact.value / GB;
        const shown = `${gb.toFixed(2)} GB`;
        const basis = `${place(facts, fact)} is ${fact.value} bytes (${shown}); limit ${config.maxImageSizeGB} GB`;
        if (gb > config.maxImageSizeGB) {
            return [result(facts, fact, `The image is ${shown}, over the ${config.maxImageSizeGB} GB limit.`, basis)];
        }
        if (gb > 0.8 * config.maxImageSizeGB) {
            return [result(facts, fact, `The image is ${shown}, over 80 % of the ${config.maxImageSizeGB} GB limit.`, basis, undefined, { level: "advisory" })];
        }
        return [];
    },
};
