import { strict as assert } from "assert";
import { df, inspect, knownValue } from "./helpers";

function writes(...lines: string[]): string[] {
    return knownValue(inspect(df("FROM img", ...lines)).facts.pathWrites).map((w) => `${w.via} ${w.path}`);
}

describe("inspect/dockerfile: path writes", () => {
    it("COPY/ADD destinations, relative ones resolved against WORKDIR, normalised", () => {
        assert.deepEqual(writes("COPY a /opt/ml/", "WORKDIR /home/sagemaker-user", "COPY b c ./sub/", "ADD https://example.com/x.tgz ../other/..//x/", 'COPY ["d e", "f/"]', "COPY --chown=1000:1000 g ."), [
            "COPY /opt/ml",
            "WORKDIR /home/sagemaker-user",
            "COPY /home/sagemaker-user/sub",
            "ADD /home/x",
            "COPY /home/sagemaker-user/f",
            "COPY /home/sagemaker-user",
        ]);
    });

    it("WORKDIR (relative to the previous one) and VOLUME (plain and JSON)", () => {
        assert.deepEqual(writes("WORKDIR /opt", "WORKDIR ml/data", "VOLUME /a /b/", 'VOLUME ["/opt/.sagemakerinternal"]'), [
            "WORKDIR /opt",
            "WORKDIR /opt/ml/data",
            "VOLUME /a",
            "VOLUME /b",
            "VOLUME /opt/.sagemakerinternal",
        ]);
    });

    it("mkdir, touch, cp, mv, install, ln, tee, chown, chmod targets", () => {
        assert.deepEqual(
            writes(
                "RUN mkdir -p -m 755 /opt/ml/a /b && touch -d now /c && cp -r src /d/ && mv x y /e && cp -t /f a b && install -m 644 s /g && install -d /h /i && ln -sf /usr/bin/python3 /j && tee -a /k /l < /dev/null && chown -R 1000:100 /m /n && chmod 0755 /o && chmod -x /p",
            ),
            [
                "RUN mkdir /opt/ml/a",
                "RUN mkdir /b",
                "RUN touch /c",
                "RUN cp /d",
                "RUN mv /e",
                "RUN cp /f",
                "RUN install /g",
                "RUN install /h",
                "RUN install /i",
                "RUN ln /j",
                "RUN tee /k",
                "RUN tee /l",
                "RUN chown /m",
                "RUN chown /n",
                "RUN chmod /o",
                "RUN chmod /p",
            ],
        );
    });

    it("output redirections, but not /dev/* or fd duplications", () => {
        assert.deepEqual(writes("RUN echo a > /opt/ml/x && echo b >> /y 2>&1 && echo c &> /z && echo d > /dev/null 2>/dev/stderr && cat < /in"), ["RUN > /opt/ml/x", "RUN >> /y", "RUN &> /z"]);
    });

    it("curl -o, wget -O/-P, tar -x -C, unzip -d, git clone DIR", () => {
        assert.deepEqual(
            writes("RUN curl -fsSL -o /tmp/a.deb https://x && wget -q -O /tmp/b https://y && wget -P /opt/dl https://z && tar -xzf a.tgz -C /opt/t && tar xf b.tar --directory=/opt/u && unzip -q c.zip -d /opt/v && git clone --depth 1 https://github.com/o/r.git /opt/w && git clone https://github.com/o/name.git"),
            ["RUN curl /tmp/a.deb", "RUN wget /tmp/b", "RUN wget /opt/dl", "RUN tar /opt/t", "RUN tar /opt/u", "RUN unzip /opt/v", "RUN git /opt/w", "RUN git /name"],
        );
    });

    it("relative RUN paths resolve against WORKDIR and cd within the RUN; ~ against the USER's home", () => {
        assert.deepEqual(writes("WORKDIR /srv", "RUN mkdir a && cd /tmp && touch b && cd sub && touch ../c", "USER sagemaker-user", "RUN echo x > ~/.Rprofile && touch $HOME/d"), [
            "WORKDIR /srv",
            "RUN mkdir /srv/a",
            "RUN touch /tmp/b",
            "RUN touch /tmp/c",
            "RUN > /home/sagemaker-user/.Rprofile",
            "RUN touch /home/sagemaker-user/d",
        ]);
    });

    it("items carry the instruction's line and file", () => {
        const w = knownValue(inspect(df("FROM img", "", "RUN mkdir \\", "  /opt/ml"), { file: "D" }).facts.pathWrites)[0];
        assert.deepEqual(w, { path: "/opt/ml", via: "RUN mkdir", file: "D", line: 3 });
    });
});
