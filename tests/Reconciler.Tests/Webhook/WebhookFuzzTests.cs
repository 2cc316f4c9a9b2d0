using System.Security.Cryptography;
using System.Text;
using CsCheck;
using GitGateway.Proxy.Tests.Support;
using GitGateway.Reconciler.Hosting;
using GitGateway.Reconciler.Webhook;

namespace GitGateway.Reconciler.Tests.Webhook;

/// <summary>
/// GitHub's webhook is the control plane's one door open to the internet. The signature header is parsed before
/// anything else, the body is hashed as it streams, and a signed payload is parsed for its event: whatever the
/// bytes, each gives a typed answer (a refusal, ignored, or well-formed work on the queue), never an exception.
/// </summary>
public sealed class WebhookFuzzTests
{
    private const string Head = "0123456789abcdef0123456789abcdef01234567";
    private static readonly WebhookSecrets Secrets = new("fuzz-secret", null);

    private static readonly (string Event, byte[] Body)[] Payloads =
    [
        ("push", Utf8($$$"""{"ref":"refs/heads/main","after":"{{{Head}}}","repository":{"full_name":"acme/routes"}}""")),
        ("pull_request", Utf8($$$"""{"action":"opened","number":7,"pull_request":{"number":7,"head":{"sha":"{{{Head}}}","ref":"f"},"base":{"ref":"main"}},"repository":{"full_name":"acme/routes"}}""")),
        ("pull_request", Utf8("{\"action\":\"synchronize\",\"pull_request\":{\"number\":2147483647,\"head\":{\"sha\":\"" + Head + Head[..24] + "\"},\"base\":{\"ref\":\"release/1\"}}}")),
        ("ping", Utf8("""{"zen":"Keep it logically awesome.","hook_id":1}""")),
    ];

    [Fact]
    public void Signature_AnyHeader_ThirtyTwoBytesOnlyForSha256AndSixtyFourHexDigits() =>
        Gen.Frequency((1, Gen.String), (3, Gen.Char["0123456789abcdefABCDEFxg= "].Array[0, 70].Select(c => "sha256=" + new string(c))))
            .Sample(
                header =>
                {
                    var mac = WebhookSignature.TryParse(header);
                    var wellFormed = header.Length == 71 && header.StartsWith("sha256=", StringComparison.Ordinal) && header.AsSpan(7).IndexOfAnyExcept("0123456789abcdefABCDEF") < 0;
                    Assert.Equal(wellFormed, mac is { Length: 32 });
                    Assert.True(mac is null || mac.Length == 32);
                },
                iter: Mutations.Iterations(20_000));

    [Fact]
    public void SignedBodyReader_AnyBodyAndLimit_HashesAsOneShotOrRefusesPastTheLimit() =>
        Gen.Select(Gen.Byte.Array[0, 50_000], Gen.Int[0, 60_000], Gen.Int[1, 3]).Sample(
            t =>
            {
                var (body, limit, secrets) = t;
                var keys = Enumerable.Range(0, secrets).Select(i => Utf8("secret-" + i)).ToArray();
                using var stream = new MemoryStream(body);

                var read = SignedBodyReader.ReadAsync(stream, keys, body.Length, limit, TestContext.Current.CancellationToken).GetAwaiter().GetResult();

                Assert.Equal(body.Length > limit, read is null);
                if (read is { } r)
                {
                    Assert.Equal(body, r.Body.ToArray());
                    Assert.Equal(keys.Select(k => HMACSHA256.HashData(k, body)), r.Macs);
                }
            },
            iter: Mutations.Iterations(300));

    [Fact]
    public void Handle_MutatedSignedPayloads_IgnoredOrWellFormedWork() =>
        Gen.Select(Gen.Int[0, Payloads.Length - 1], Mutations.Of([.. Payloads.Select(p => p.Body)])).Sample(
            t =>
            {
                var queue = new ReconcileQueue();
                var handler = new WebhookHandler(Secrets, "main", queue);

                var (_, outcome) = handler.Handle("delivery", Payloads[t.Item1].Event, t.Item2);

                Assert.Contains(outcome, WebhookRouter.Outcomes);
                Assert.Equal(outcome == "queued", queue.Reader.TryRead(out var work));
                if (work?.PullRequest is { } pr)
                {
                    // What reaches git and the review store came from a payload: it must look like what GitHub sends.
                    Assert.True(pr.HeadSha is { Length: 40 or 64 } && pr.HeadSha.All(char.IsAsciiHexDigitLower), $"head {pr.HeadSha}");
                    Assert.False(string.IsNullOrEmpty(pr.BaseRef));
                }
                else if (work is not null)
                {
                    Assert.True(work.AnnouncedCommit is null or { Length: 40 });
                }
            },
            iter: Mutations.Iterations(10_000));

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
