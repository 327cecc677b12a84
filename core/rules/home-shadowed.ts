import type { Rule } from "../types";
import { describeWrite, pathFindings } from "./paths";

export const EFS_HOME = "/home/sagemaker-user";

export const homeShadowed: Rule = {
    id: "RSB008",
    slug: "home-shadowed",
    level: "advisory",
    summary: "Nothing is written under /home/sagemaker-user: the user's EFS volume is mounted there and hides it.",
    fix: "Put shared files elsewhere (e.g. /etc/skel, /usr/local/share, Rprofile.site) and copy them at session start if users need them in $HOME.",
    rationale: "AWS: each user's directory on the domain's EFS volume is mounted at /home/sagemaker-user, over whatever the image has there.",
    evidence:
        "Path writes of the final stage (as for RSB007) under /home/sagemaker-user; in a built image, files present there.",
    blindSpots:
        "As for RSB007: writes hidden in scripts are seen only on the built image.",
    evaluate(facts) {
        return pathFindings(facts, [EFS_HOME], (w) =>
            w.via === "filesystem"
                ? `${w.path} exists in the built image, but the user's EFS volume is mounted over ${EFS_HOME} at run time.`
                : `${describeWrite(w)}, but the user's EFS volume is mounted over ${EFS_HOME} at run time.`,
        );
    },
};
