namespace GitGateway.Renderer.Schemas;

/// <summary>What a <see cref="CelToken"/> is.</summary>
internal enum CelTokenKind
{
    /// <summary>A name: a variable, a field, a function or <c>true</c>/<c>false</c>.</summary>
    Identifier,

    /// <summary>A signed 64-bit integer literal.</summary>
    Integer,

    /// <summary>A string literal, its value unescaped.</summary>
    String,

    /// <summary>An operator or a bracket.</summary>
    Punctuation,

    /// <summary>The end of the expression.</summary>
    End,
}
