namespace GitGateway.Renderer.Ingress;

/// <summary>
/// What the conversion says about one Ingress: an annotation it could not convert (<see cref="IngressNoteKind.NotConverted"/>),
/// one converted with a difference the team should know (<see cref="IngressNoteKind.Approximated"/>), or how a field
/// was read (<see cref="IngressNoteKind.Explained"/>, e.g. <c>ImplementationSpecific</c>).
/// </summary>
/// <param name="Kind">What sort of note.</param>
/// <param name="Ingress"><c>namespace/name</c> of the Ingress.</param>
/// <param name="Subject">The annotation key or field the note is about.</param>
/// <param name="Message">What happened and why.</param>
/// <param name="File">The repo-relative file.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public sealed record IngressNote(IngressNoteKind Kind, string Ingress, string Subject, string Message, string File, int Line, int Column)
{
    /// <summary><c>file:line:col: kind subject: message</c>.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: {KindText(Kind)} {Subject}: {Message}";

    /// <summary>The kind as written in text and JSON output.</summary>
    public static string KindText(IngressNoteKind kind) => kind switch
    {
        IngressNoteKind.NotConverted => "not-converted",
        IngressNoteKind.Approximated => "approximated",
        _ => "explained",
    };
}
