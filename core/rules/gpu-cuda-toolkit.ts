import type { FactSource, ImageFacts } from "../facts";
import { CUDA_BASE_IMAGE_PATTERN, CUDA_RUNFILE_PATTERN, TOOLKIT_FILE_PATTERNS, TOOLKIT_PACKAGE_PATTERNS, matchesAny } from "../gpu";
import type { Rule } from "../types";
import { place, result } from "./util";

export interface ToolkitEvidence {
    what: string;
    source: FactSource;
    file?: string;
    line?: number;
}

/** Evidence of a CUDA toolkit, or undefined when there is none (or none can be seen). */
export function cudaToolkitEvidence(facts: ImageFacts): ToolkitEvidence | undefined {
    const files = facts.files;
    if (files.state === "known") {
        const f = files.value.find((p) => matchesAny(TOOLKIT_FILE_PATTERNS, p));
        if (f) return { what: `${f} in the built image`, source: files.source };
    }
    const pkgs = facts.systemPackages;
    if (pkgs.state === "known") {
        const p = pkgs.value.find((x) => matchesAny(TOOLKIT_PACKAGE_PATTERNS, x.name));
        if (p) return { what: `package ${p.name}`, source: pkgs.source, file: p.file, line: p.line };
    }
    const cmds = facts.commands;
    if (cmds.state === "known") {
        // A CUDA runfile installs the toolkit unless told to install the driver only (`--driver` without `--toolkit`).
        const c = cmds.value.find(
            (x) =>
                !/^(wget|curl|chmod|rm)$/.test(x.argv[0] ?? "") &&
                x.argv.some((a) => CUDA_RUNFILE_PATTERN.test(a)) &&
                (x.argv.includes("--toolkit") || !x.argv.includes("--driver")),
        );
        if (c) return { what: "the CUDA runfile installer", source: cmds.source, file: c.file, line: c.line };
    }
    // `COPY --from=nvidia/cuda:… /usr/local/cuda /usr/local/cuda`: a toolkit copied from a CUDA image or stage.
    const writes = facts.pathWrites;
    if (writes.state === "known") {
        const w = writes.value.find((x) => (x.via === "COPY" || x.via === "ADD") && /^\/usr\/local\/cuda(-[\d.]+)?(\/|$)/.test(x.path));
        if (w) return { what: `${w.via} to ${w.path}`, source: writes.source, file: w.file, line: w.line };
    }
    const base = facts.baseImage;
    if (base.state === "known" && CUDA_BASE_IMAGE_PATTERN.test(base.value)) {
        return { what: `the CUDA base image ${base.value}`, source: base.source, file: base.file, line: base.line };
    }
    return undefined;
}

export const gpuCudaToolkit: Rule = {
    id: "RSB010",
    slug: "gpu-cuda-toolkit",
    level: "mandatory",
    summary: "An image declared GPU carries a CUDA toolkit; a CPU image carrying one gets an advisory.",
    fix: "For GPU: install NVIDIA's cuda-toolkit-<major>-<minor> (not the cuda meta-package) or build on an nvidia/cuda base; for CPU: drop the toolkit or declare the image GPU.",
    rationale: "AWS: on a GPU instance the image runs with --gpus and \"only the CUDA toolkit should be included in the image\": R GPU packages need it, the driver comes from the host.",
    evidence:
        "The declared processor (--gpu, the component's gpu) and toolkit evidence: CUDA toolkit files in a built image (nvcc, libcudart, /usr/local/cuda/version.json), a cuda-toolkit/cuda-libraries package, a CUDA runfile run with --toolkit, a COPY to /usr/local/cuda, or an nvidia/cuda base image.",
    blindSpots:
        "\"No toolkit\" is only verified on a complete view (a built image, or a Dockerfile layered on its inspected base). A base that was not inspected (e.g. rocker/cuda, a private CUDA image) may carry the toolkit: the finding is then unverified. Nothing is checked until the processor is declared.",
    evaluate(facts) {
        const processor = facts.processor;
        if (processor.state === "unknown") return [];
        const evidence = cudaToolkitEvidence(facts);
        if (processor.value === "GPU" && evidence === undefined) {
            const files = facts.files;
            const pkgs = facts.systemPackages;
            const complete = (files.state === "known" && files.partial === undefined) || (pkgs.state === "known" && pkgs.partial === undefined);
            const seen = pkgs.state === "known" ? pkgs : facts.baseImage;
            const base = facts.baseImage.state === "known" ? facts.baseImage.value : undefined;
            const unverified = complete ? undefined : (pkgs.state === "known" ? pkgs.partial : pkgs.reason) ?? (base !== undefined ? `the base image ${base} was not inspected` : "the base image was not inspected");
            const hint = !complete && base !== undefined && /cuda/i.test(base) ? ` (its base ${base} looks like a CUDA image, but was not inspected)` : "";
            const basis = complete
                ? `no toolkit package, file, runfile, /usr/local/cuda copy or CUDA base in ${files.state === "known" && files.partial === undefined ? place(facts, files) : "the package list"}; declared GPU by ${place(facts, processor)}`
                : `no toolkit package, runfile, /usr/local/cuda copy or nvidia/cuda base in this Dockerfile; ${unverified}`;
            const message = complete
                ? "The image is declared GPU but carries no CUDA toolkit (no cuda-toolkit-* package, CUDA base image or /usr/local/cuda)."
                : `The image is declared GPU, but this Dockerfile installs no CUDA toolkit (no cuda-toolkit-* package, CUDA base image or /usr/local/cuda)${hint}.`;
            return [result(facts, seen, message, basis, undefined, { unverified })];
        }
        if (processor.value === "CPU" && evidence !== undefined) {
            const { what, ...where } = evidence;
            return [{
                message: `The image is declared CPU but carries a CUDA toolkit (${what}): it only adds size on CPU instances.`,
                basis: `${what}${where.line !== undefined ? ` (${where.file ?? facts.file ?? "Dockerfile"} line ${where.line})` : ""}; declared CPU by ${place(facts, processor)}`,
                level: "advisory",
                fix: "Declare the image GPU (--gpu, gpu: true) if it is meant for GPU instances, or drop the toolkit.",
                ...where,
            }];
        }
        return [];
    },
};
