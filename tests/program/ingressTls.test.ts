// The Ingress's TLS Secret of an https stack: written by the program from the stack's own
// certificate (judged first: a key that belongs to it, every public host named, not expired),
// or, without one, found in the cluster before anything is created.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MissingTlsSecret } from "../../components/release/tlsSecretCheck";
import { byType, fakeHost, PROD_CONFIG, PROD_SECRETS, ProgramFailed, runProgram, T } from "./harness";

/** A self-signed certificate and its key from openssl, for the given DNS names and days. */
function selfSigned(names: readonly string[], days = 30): { cert: string; key: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "todo-tls-"));
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", `${dir}/key.pem`, "-out", `${dir}/cert.pem`, "-days", String(days),
        "-subj", `/CN=${names[0]}`, "-addext", `subjectAltName=${names.map((n) => `DNS:${n}`).join(",")}`], { stdio: "ignore" });
    return { cert: fs.readFileSync(`${dir}/cert.pem`, "utf8"), key: fs.readFileSync(`${dir}/key.pem`, "utf8") };
}

const HOSTS = ["todo.example.com", "chat.todo.example.com"];
const SECRET_QUERY = "kubectl --context prod --namespace todo-prod get secret todo-app-tls -o name";
const NOT_FOUND = { code: 1, stdout: "", stderr: 'Error from server (NotFound): secrets "todo-app-tls" not found\n' };

describe("the Ingress's TLS Secret", () => {
    const good = selfSigned(HOSTS);

    it("is written by the program from ingressTlsCertificate and the secret ingressTlsKey, the key kept secret", async () => {
        const host = fakeHost({}, "linux", false, { [SECRET_QUERY]: NOT_FOUND });
        const { resources } = await runProgram({ stack: "prod", host, config: { ...PROD_CONFIG, ingressTlsCertificate: good.cert }, secrets: { ...PROD_SECRETS, ingressTlsKey: good.key } });
        const tls = byType(resources, T.secret).find((s) => s.name === "ingress-tls");
        assert.ok(tls, "the TLS Secret is registered");
        assert.strictEqual(tls.inputs.type, "kubernetes.io/tls");
        assert.deepStrictEqual(tls.inputs.metadata, { name: "todo-app-tls", namespace: "todo-prod", labels: { "app.kubernetes.io/part-of": "todo-app", "app.kubernetes.io/managed-by": "pulumi" } });
        assert.ok(JSON.stringify(tls.inputs.stringData).includes("4dabf18193072939515e22adb298388d"), "the key is a secret value in the inputs");
        assert.ok(!host.calls.includes(SECRET_QUERY), "no need to ask the cluster");
    });

    it("without a certificate, a Secret the cluster does not have stops the run before any resource, with the fix", async () => {
        const host = fakeHost({}, "linux", false, { [SECRET_QUERY]: NOT_FOUND });
        await assert.rejects(runProgram({ stack: "prod", host, config: PROD_CONFIG, secrets: PROD_SECRETS }), (e: unknown) => {
            assert.ok(e instanceof ProgramFailed && e.cause instanceof MissingTlsSecret, String(e));
            assert.match(e.message, /^The Ingress's TLS Secret 'todo-app-tls' in namespace 'todo-prod' does not exist; nothing was created or changed/);
            assert.match(e.message, /Fix: .*pulumi config set -s prod ingressTlsCertificate .*--secret ingressTlsKey/);
            assert.deepStrictEqual(e.resources, []);
            return true;
        });
        // Negative control: the same stack when the cluster has the Secret.
        await runProgram({ stack: "prod", config: PROD_CONFIG, secrets: PROD_SECRETS });
    });

    describe("a certificate the program refuses, each problem listed with the others", () => {
        const refused = async (cert: string, key: string | undefined): Promise<string> => {
            const secrets = key === undefined ? PROD_SECRETS : { ...PROD_SECRETS, ingressTlsKey: key };
            const e = await runProgram({ stack: "prod", config: { ...PROD_CONFIG, ingressTlsCertificate: cert, logLevel: "loud" }, secrets }).then(() => undefined, (err: Error) => err);
            assert.ok(e, "refused");
            assert.match(e.message, /todo-app:logLevel = "loud"/, "listed with the other problems");
            return e.message;
        };
        it("a key that is not the certificate's (its text never printed)", async () => {
            const other = selfSigned(HOSTS);
            const message = await refused(good.cert, other.key);
            assert.match(message, /todo-app:ingressTlsKey = "<redacted>": is not the private key of ingressTlsCertificate \(CN=todo\.example\.com\)/);
            assert.ok(!message.includes(other.key.split("\n")[1]), "no line of the key");
        });
        it("a certificate that does not name the chatbot's host", async () => {
            const narrow = selfSigned(["todo.example.com"]);
            assert.match(await refused(narrow.cert, narrow.key), /ingressTlsCertificate = "DNS:todo\.example\.com": does not name chat\.todo\.example\.com/);
        });
        it("a certificate without its key, and text that is not a certificate", async () => {
            assert.match(await refused(good.cert, undefined), /todo-app:ingressTlsKey = "": ingressTlsCertificate and ingressTlsKey go together/);
            assert.match(await refused("not a certificate", good.key), /todo-app:ingressTlsCertificate = "not a certificate": is not a PEM certificate/);
        });
    });
});
