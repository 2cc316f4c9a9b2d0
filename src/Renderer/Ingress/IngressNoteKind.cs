namespace GitGateway.Renderer.Ingress;

/// <summary>The sorts of <see cref="IngressNote"/>.</summary>
public enum IngressNoteKind
{
    /// <summary>Not converted: the reason says what to do by hand.</summary>
    NotConverted,

    /// <summary>Converted, with a difference in behaviour the note names.</summary>
    Approximated,

    /// <summary>Converted; the note says how the field was read.</summary>
    Explained,
}
