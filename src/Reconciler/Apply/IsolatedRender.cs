using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Apply;

/// <summary>The head rendered with the refused teams' last good folders in place of theirs.</summary>
internal sealed record IsolatedRender(RenderResult Result, IReadOnlyList<RefusedTeam> Refused);
