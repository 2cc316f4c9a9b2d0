using System.Text.Json;
using GitGateway.Reconciler.Cli;

namespace GitGateway.Reconciler.Tests.Cli;

/// <summary>
/// <c>gitgateway status --output json</c> is written field by field; its text is what the reflection serializer wrote
/// for the same status before (captured from that build): names, order, nulls, numbers, escaping and indentation.
/// </summary>
public sealed class StatusViewJsonTests
{
    // A status with every field the view reads: a canary, a held tip, nodes serving, drifting, unready and silent,
    // control characters, non-ASCII and HTML-sensitive text, a repair with nested values and one that is no object.
    private const string Status = """
        {
          "targetBranch": "main", "revision": 5, "planHash": "sha256:aaaaaaaaaaaaaaaa", "commit": "0123456789abcdef",
          "canary": {"planHash": "sha256:cccccccccccccccc", "revision": 6},
          "held": {"commit": "fedcba9876543210", "reason": "halted at edge-ä\u001b[2J: <route> & 'shop' answered 503"},
          "nodes": [
            {"name": "edge-a", "planHash": "sha256:aaaaaaaaaaaaaaaa", "accepted": true, "ready": true, "serving": "sha256:aaaaaaaaaaaaaaaa"},
            {"name": "edge-b\u001b[31m", "planHash": "sha256:aaaaaaaaaaaaaaaa", "accepted": false, "ready": true, "serving": "sha256:bbbbbbbbbbbbbbbb"},
            {"name": "edge-c", "planHash": "sha256:cccccccccccccccc", "accepted": true, "ready": false},
            {"name": "edge-d", "accepted": false}
          ],
          "drift": [
            {"node": "edge-b\u001b[31m", "differences": ["serves plan bbbbbbbbbbbb, not revision 5 (aaaaaaaaaaaa)", "ünïcode \"quoted\""], "behindSeconds": 42.4, "behind": true},
            {"node": "edge-d", "differences": [], "behindSeconds": 1e3}
          ],
          "repairs": [{"node": "edge-b\u001b[31m", "revision": 5, "attempts": 2, "nextAttempt": "2026-11-18T12:00:20+00:00", "gaveUp": false, "extra": {"a": [1, 2.50, null]}}, "not an object"],
          "repositories": [{"name": "routing"}]
        }
        """;

    // `gitgateway status --output json` of the status above, by the build before the view was written by hand.
    private const string Before = """
        {
          "repository": "default",
          "revision": 5,
          "commit": "0123456789abcdef",
          "planHash": "sha256:aaaaaaaaaaaaaaaa",
          "inSync": false,
          "held": {
            "commit": "fedcba9876543210",
            "reason": "halted at edge-\u00E4?[2J: \u003Croute\u003E \u0026 \u0027shop\u0027 answered 503"
          },
          "nodes": [
            {
              "name": "edge-a",
              "serving": "sha256:aaaaaaaaaaaaaaaa",
              "revision": 5,
              "ready": true,
              "drift": false,
              "behindSeconds": 0,
              "differences": []
            },
            {
              "name": "edge-b?[31m",
              "serving": "sha256:bbbbbbbbbbbbbbbb",
              "revision": null,
              "ready": true,
              "drift": true,
              "behindSeconds": 42.4,
              "differences": [
                "serves plan bbbbbbbbbbbb, not revision 5 (aaaaaaaaaaaa)",
                "\u00FCn\u00EFcode \u0022quoted\u0022"
              ]
            },
            {
              "name": "edge-c",
              "serving": "sha256:cccccccccccccccc",
              "revision": 6,
              "ready": false,
              "drift": false,
              "behindSeconds": 0,
              "differences": []
            },
            {
              "name": "edge-d",
              "serving": null,
              "revision": null,
              "ready": false,
              "drift": true,
              "behindSeconds": 1000,
              "differences": []
            }
          ],
          "repairs": [
            {
              "node": "edge-b\u001B[31m",
              "revision": 5,
              "attempts": 2,
              "nextAttempt": "2026-11-18T12:00:20\u002B00:00",
              "gaveUp": false,
              "extra": {
                "a": [
                  1,
                  2.50,
                  null
                ]
              }
            }
          ]
        }

        """;

    [Fact]
    public void Json_EveryFieldKind_SameTextAsTheReflectionSerializerWrote()
    {
        using var status = JsonDocument.Parse(Status);

        var json = StatusView.Select(status.RootElement, null)!.Json();

        Assert.Equal(Before.ReplaceLineEndings("\n"), json.ReplaceLineEndings("\n"));
    }
}
