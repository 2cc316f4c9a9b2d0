using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// The head rendered with the refused teams' last good folders in place of theirs (none refused: the head as rendered):
/// the result, the refused teams, and the files rendered (routing tests included), which are what applying the head
/// serves and is checked against.
/// </summary>
internal sealed record IsolatedRender(RenderResult Result, IReadOnlyList<RefusedTeam> Refused, IReadOnlyList<SourceFile> Files);
