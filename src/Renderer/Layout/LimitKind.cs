namespace GitGateway.Renderer.Layout;

/// <summary>What a cap of <c>spec.limits</c> counts; the name is the field's.</summary>
public enum LimitKind
{
    /// <summary>Manifest files.</summary>
    Files,

    /// <summary>Bytes of manifest files.</summary>
    Bytes,

    /// <summary>Route objects.</summary>
    Routes,

    /// <summary>Distinct hostnames named by routes.</summary>
    Hostnames,
}
