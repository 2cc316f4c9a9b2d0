namespace GitGateway.Renderer.Manifests;

/// <summary>How the renderer treats a group/version/kind.</summary>
internal enum KindSupport
{
    /// <summary>Read and checked.</summary>
    Read,

    /// <summary>A kind we read, in a version we do not.</summary>
    UnsupportedVersion,

    /// <summary>A workload or other kind that routes do not depend on: skipped without a diagnostic.</summary>
    Ignored,

    /// <summary>Not known: a warning.</summary>
    Unknown,
}
