using System.Text.Json.Nodes;
using GitGateway.Renderer.Status;

namespace GitGateway.Reconciler.Cluster;

/// <summary>
/// One Gateway API object as the cluster should hold it: the object from Git (apiVersion, kind, name, the mapped
/// namespace, its labels and annotations with ours added, its spec) and the rendered status to write once the
/// cluster says which generation the spec is.
/// </summary>
/// <param name="Kind">Its kind.</param>
/// <param name="Namespace">Its namespace in the cluster.</param>
/// <param name="Name">Its name.</param>
/// <param name="Body">What is written to the main resource (never a status).</param>
/// <param name="Status">A <see cref="GatewayStatus"/>, <see cref="RouteStatus"/> or <see cref="ListenerSetStatus"/>.</param>
internal sealed record DesiredObject(GatewayApiKind Kind, string Namespace, string Name, JsonObject Body, object Status)
{
    public string Key => $"{Kind.Kind}/{Namespace}/{Name}";
}
