using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Renderer.Ingress;

/// <summary>What converting Ingresses for a team made, or why it could not.</summary>
/// <param name="Files">The files to write (none when <see cref="Diagnostics"/> holds an error).</param>
/// <param name="Notes">Every annotation not converted, every approximation and explanation, in input order.</param>
/// <param name="ListenerRequests">The TLS hosts the platform is asked to serve.</param>
/// <param name="Tests">How many routing tests were generated.</param>
/// <param name="Diagnostics">Problems in the input, with file:line.</param>
public sealed record IngressImportResult(
    IReadOnlyList<ImportedFile> Files,
    IReadOnlyList<IngressNote> Notes,
    IReadOnlyList<IngressListenerRequest> ListenerRequests,
    int Tests,
    IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>Whether the input had an error (nothing is written then).</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
