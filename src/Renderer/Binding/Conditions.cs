using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Binding;

/// <summary>Builders for status conditions (https://gateway-api.sigs.k8s.io/reference/spec/#condition-types).</summary>
internal static class Conditions
{
    /// <summary>A True condition.</summary>
    public static Condition True(string type, string reason, string message) => new(type, "True", reason, message);

    /// <summary>A False condition.</summary>
    public static Condition False(string type, string reason, string message) => new(type, "False", reason, message);
}
