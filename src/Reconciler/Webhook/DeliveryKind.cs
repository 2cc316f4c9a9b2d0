namespace GitGateway.Reconciler.Webhook;

/// <summary>How <see cref="DeliveryLedger"/> sees a delivery id: first seen, still running, or asked for again after its run.</summary>
internal enum DeliveryKind
{
    New,
    InFlight,
    Redelivery,
}
