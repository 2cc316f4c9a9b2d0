namespace GitGateway.Renderer.Diagnostics;

/// <summary>How bad a diagnostic is; any <see cref="Error"/> makes a render invalid (nothing is applied).</summary>
public enum DiagnosticSeverity
{
    /// <summary>The input is wrong; the commit must not be applied.</summary>
    Error,

    /// <summary>Probably a mistake; the plan is still applied.</summary>
    Warning,
}
