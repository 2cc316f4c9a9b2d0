namespace GitGateway.Plan.Model;

/// <summary>Mirror a fraction (<see cref="Numerator"/>/<see cref="Denominator"/>) of requests to a backend.</summary>
public sealed record MirrorFilter(Backend Backend, int Numerator, int Denominator);
