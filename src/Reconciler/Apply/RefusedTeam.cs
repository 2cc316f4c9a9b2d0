using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Reconciler.Apply;

/// <summary>A team whose files on the head did not render: its folder, the commit its kept folder comes from, and its errors.</summary>
internal sealed record RefusedTeam(string Name, string Folder, string KeptFrom, IReadOnlyList<Diagnostic> Errors);
