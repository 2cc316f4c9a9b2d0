namespace GitGateway.Vip.Bfd;

/// <summary>A BFD control packet without authentication (RFC 5880 §4.1).</summary>
/// <param name="Diagnostic">Diag: why the sender last left Up (1 = control detection time expired, 3 = neighbor signaled down).</param>
/// <param name="State">The sender's state.</param>
/// <param name="Poll">P: the sender asks for a packet with F set.</param>
/// <param name="Final">F: the answer to a Poll.</param>
/// <param name="DetectMultiplier">Detect Mult.</param>
/// <param name="MyDiscriminator">The sender's discriminator; never zero.</param>
/// <param name="YourDiscriminator">The receiver's discriminator, or zero while unknown.</param>
/// <param name="DesiredMinTxMicroseconds">Desired Min TX Interval.</param>
/// <param name="RequiredMinRxMicroseconds">Required Min RX Interval.</param>
/// <param name="RequiredMinEchoRxMicroseconds">Required Min Echo RX Interval; 0 (no echo).</param>
public sealed record BfdPacket(
    byte Diagnostic,
    BfdState State,
    bool Poll,
    bool Final,
    byte DetectMultiplier,
    uint MyDiscriminator,
    uint YourDiscriminator,
    uint DesiredMinTxMicroseconds,
    uint RequiredMinRxMicroseconds,
    uint RequiredMinEchoRxMicroseconds = 0);
