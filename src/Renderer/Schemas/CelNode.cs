namespace GitGateway.Renderer.Schemas;

/// <summary>
/// A compiled CEL sub-expression: its value for the variables in <paramref name="frame"/> (<c>self</c> in slot 0,
/// one slot per macro variable in scope), or <see cref="CelOperations.Unknown"/> when the compiled form does not
/// decide it and the <c>Cel</c> package must.
/// </summary>
internal delegate object? CelNode(object?[] frame);
