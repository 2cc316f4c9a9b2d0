using System.Globalization;
using System.Text.Json.Nodes;

namespace GitGateway.Fixtures.Kube;

/// <summary>The JSON shapes of the API: watch event lines, Status errors, bookmarks, lists, JSON merge patch (RFC 7386).</summary>
internal static class KubeJson
{
    public static string Line(string type, JsonObject obj) =>
        new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString() + "\n";

    public static JsonObject Status(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };

    public static JsonObject Bookmark(KubeKind kind, long version) => new()
    {
        ["kind"] = kind.Kind,
        ["apiVersion"] = kind.ApiVersion,
        ["metadata"] = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) },
    };

    public static JsonObject List(KubeKind kind, long version, List<JsonObject> items) => new()
    {
        ["kind"] = kind.Kind + "List",
        ["apiVersion"] = kind.ApiVersion,
        ["metadata"] = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) },
        ["items"] = new JsonArray([.. items]),
    };

    public static JsonObject MergePatch(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject inner && target[key] is JsonObject existing)
            {
                MergePatch(existing, inner);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }

        return target;
    }
}
