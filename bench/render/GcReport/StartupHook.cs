using GitGateway.GcReport;

/// <summary>
/// The runtime's entry for <c>DOTNET_STARTUP_HOOKS</c> (a type of this name, in no namespace): starts listening to the
/// collector's events and prints their summary to stderr when the process exits.
/// </summary>
#pragma warning disable CA1050 // the runtime looks the hook up by this exact name, in no namespace
internal static class StartupHook
#pragma warning restore CA1050
{
    /// <summary>Called by the runtime before Main.</summary>
    public static void Initialize()
    {
        var listener = new GcListener();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => listener.Report(Console.Error);
    }
}
