using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Ingress;

/// <summary>Collects the notes of one conversion, in the order they were made.</summary>
internal sealed class IngressNotes
{
    private readonly List<IngressNote> _items = [];

    public IReadOnlyList<IngressNote> Items => _items;

    public void NotConverted(IngressSource ingress, string subject, string message, SourceMark at) => Add(IngressNoteKind.NotConverted, ingress, subject, message, at);

    public void Approximated(IngressSource ingress, string subject, string message, SourceMark at) => Add(IngressNoteKind.Approximated, ingress, subject, message, at);

    public void Explained(IngressSource ingress, string subject, string message, SourceMark at) => Add(IngressNoteKind.Explained, ingress, subject, message, at);

    private void Add(IngressNoteKind kind, IngressSource ingress, string subject, string message, SourceMark at) =>
        _items.Add(new IngressNote(kind, $"{ingress.Namespace}/{ingress.Name}", subject, message, at.File, at.Line, at.Column));
}
