using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>One match of a rule, already in plan form (gRPC methods turned into paths), and where it is written.</summary>
internal sealed record MatchSpec(RouteMatch Match, SourceMark Mark);
