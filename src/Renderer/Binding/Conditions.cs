using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Binding;

/// <summary>Builders for status conditions (https://gateway-api.sigs.k8s.io/reference/spec/#condition-types).</summary>
internal static class Conditions
{
    /// <summary>A True condition.</summary>
    public static Condition True(string type, string reason, string message) => new(type, "True", reason, message);

    /// <summary>A route's ResolvedRefs when every reference resolves: one instance for every route (a condition is immutable).</summary>
    public static Condition RouteResolved { get; } = True("ResolvedRefs", "ResolvedRefs", "all references resolved");

    /// <summary>A route's Accepted through a parentRef it attached by: one instance for every route.</summary>
    public static Condition RouteAttached { get; } = True("Accepted", "Accepted", "the route is attached");

    /// <summary>A False condition.</summary>
    public static Condition False(string type, string reason, string message) => new(type, "False", reason, message);
}
