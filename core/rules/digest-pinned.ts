import type { Rule } from "../types";
import { place, result } from "./util";

export const DIGEST_PINNED = /@sha256:[0-9a-f]{64}$/;

export const digestPinned: Rule = {
    id: "RSB014",
    slug: "digest-pinned",
    level: "mandatory",
    summary: "The ImageVersion's base image is pinned by digest (…@sha256:<64 hex>).",
    fix: "Use the pushed image's repo digest (docker.Image repoDigest, RStudioImage imageUri) as baseImage, not a tag.",
    rationale: "A tag can move: SageMaker would start sessions on an image no check has seen. A digest names exactly the image that passed.",
    evidence: "The image URI an ImageVersion uses as its base image (context: the component or the pack).",
    blindSpots: "Only checked where an ImageVersion is known (the components, the policy pack); a CLI check of a Dockerfile has none.",
    evaluate(facts) {
        const fact = facts.imageUri;
        if (fact.state === "unknown" || DIGEST_PINNED.test(fact.value)) return [];
        return [result(facts, fact, `The image version's base image "${fact.value}" is not pinned by @sha256 digest.`, `${place(facts, fact)} is "${fact.value}"`)];
    },
};
