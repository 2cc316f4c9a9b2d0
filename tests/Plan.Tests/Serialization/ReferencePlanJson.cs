using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;

namespace GitGateway.Plan.Tests.Serialization;

/// <summary>
/// The reference the plan's hand-written reader and writer are held to: System.Text.Json's reflection serializer under
/// <see cref="PlanJson.Canonical"/>, what <see cref="PlanJson"/> used before it read and wrote by hand. Only tests use it.
/// </summary>
internal static class ReferencePlanJson
{
    public static byte[] ToCanonicalBytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, PlanJson.Canonical);

    public static string ToIndentedString<T>(T value) => JsonSerializer.Serialize(value, PlanJson.Indented);

    public static string Hash(RoutingPlan plan) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(ToCanonicalBytes(plan with { Source = "" })));

    public static T Parse<T>(byte[] utf8Json) => JsonSerializer.Deserialize<T>(utf8Json, PlanJson.Canonical) ?? throw new JsonException("null");

    public static string Text(byte[] utf8) => Encoding.UTF8.GetString(utf8);

    /// <summary>What a call gave: its value, or what it threw.</summary>
    public static (T? Value, Exception? Failure) Outcome<T>(Func<T> call)
    {
        try
        {
            return (call(), null);
        }
        catch (Exception e)
        {
            return (default, e);
        }
    }
}
