/** Credentials in a Dockerfile never reach printed/published facts unredacted (issue 12 row 12; core/redact.ts). */
import { strict as assert } from "assert";
import { REDACTED, isSecretName, redactFacts, redactText, redactValue } from "../../core/redact";
import { asKnown, df, inspect } from "./helpers";

describe("core/redact: credentials in facts", () => {
    it("ENV values whose name says credential are hidden whole; others keep their text with credential parts hidden", () => {
        const r = inspect(
            df(
                "FROM img",
                "ARG TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB",
                "ENV RSW_LICENSE=ABCD-EFGH-IJKL GITHUB_TOKEN=$TOKEN DB_PASSWORD=hunter2 AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI",
                'ENV RSTUDIO_CONNECT_URL="https://connect.example.com/?token=s3cr3t&x=1" PIP_INDEX_URL=https://user:pa55@pypi.example.com/simple',
                'ENV PLAIN=hello EMPTY_TOKEN="" GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D AWS_ID=AKIAIOSFODNN7EXAMPLE',
                "RUN curl -H 'Authorization: Bearer abcdefghijklmnop' https://x/?sig=zzz && echo $TOKEN && docker login --password hunter3 && pip install --index-url https://u:p@h/ x",
            ),
        );
        const raw = JSON.stringify(r.facts);
        assert.ok(raw.includes("hunter2"), "inspection keeps real values for the rules");
        const shown = redactFacts(r.facts);
        const text = JSON.stringify(shown);
        for (const secret of ["ABCD-EFGH", "ghp_0123", "hunter2", "hunter3", "wJalrXUtnFEMI", "s3cr3t", "pa55", "u:p@", "abcdefghijklmnop", "sig=zzz", "AKIAIOSFODNN7EXAMPLE"]) {
            assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
        }
        const env = asKnown(shown.env).value;
        assert.equal(env.RSW_LICENSE.value, REDACTED);
        assert.equal(env.RSTUDIO_CONNECT_URL.value, `https://connect.example.com/?token=${REDACTED}&x=1`, "the URL stays a URL (scheme and host visible)");
        assert.equal(env.PIP_INDEX_URL.value, `https://${REDACTED}@pypi.example.com/simple`);
        assert.equal(env.PLAIN.value, "hello");
        assert.equal(env.EMPTY_TOKEN.value, "", "an empty value hides nothing");
        assert.equal(env.GPG_KEY.value, "A035C8C19219BA821ECEA86B64E628F8D684696D", "a GPG key id is public");
        assert.equal(env.RSW_LICENSE.line, 3, "where it was set is kept");
        assert.deepEqual(asKnown(r.facts.env).value.RSW_LICENSE.value, "ABCD-EFGH-IJKL", "redactFacts returns a copy");
    });

    it("names and texts", () => {
        for (const n of ["RSW_LICENSE", "GITHUB_TOKEN", "DB_PASSWORD", "AWS_SECRET_ACCESS_KEY", "API_KEY", "NPM_AUTH", "SECRET"]) assert.ok(isSecretName(n), n);
        for (const n of ["PATH", "RSTUDIO_CONNECT_URL", "TOKEN_URL", "GPG_KEY", "KEYBOARD", "PASSENGER", "AUTHOR"]) assert.ok(!isSecretName(n), n);
        assert.equal(redactValue("X", "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----"), REDACTED);
        assert.equal(redactText("https://bucket.s3.amazonaws.com/f?X-Amz-Credential=AK%2F&X-Amz-Signature=abc"), `https://bucket.s3.amazonaws.com/f?X-Amz-Credential=${REDACTED}&X-Amz-Signature=${REDACTED}`);
        assert.equal(redactText("2025.05.1+513.pro3 /opt/ml/x"), "2025.05.1+513.pro3 /opt/ml/x");
    });
});
