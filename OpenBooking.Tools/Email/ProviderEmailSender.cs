using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OpenBooking.Tools.Email;

/// <summary>
/// The <see cref="IEmailSender"/> everyone uses: picks the provider from the current <see cref="EmailOptions.Provider"/>
/// for each email (so a dashboard switch applies to the next email, without a restart), records the outcome in
/// <see cref="EmailProviderStatus"/> and logs failures once, here.
/// </summary>
public sealed class ProviderEmailSender(
    IOptionsMonitor<EmailOptions> options,
    PickupDirectoryEmailSender pickup,
    SmtpEmailSender smtp,
    AcsEmailSender acs,
    EmailProviderStatus status,
    ILogger<ProviderEmailSender> logger) : IEmailSender
{
    public Task<EmailReceipt> SendAsync(EmailMessage message, CancellationToken cancellationToken = default) =>
        SendWithAsync(options.CurrentValue.Provider, message, cancellationToken);

    /// <summary>Sends with a given provider, whichever is selected (the dashboard tests one before switching to it).</summary>
    public async Task<EmailReceipt> SendWithAsync(EmailProvider provider, EmailMessage message, CancellationToken cancellationToken = default)
    {
        IEmailSender sender = provider switch
        {
            EmailProvider.Smtp => smtp,
            EmailProvider.AzureCommunicationServices => acs,
            _ => pickup,
        };
        try
        {
            var receipt = await sender.SendAsync(message, cancellationToken);
            await status.RecordSuccessAsync(receipt);
            return receipt;
        }
        catch (EmailDeliveryException ex)
        {
            await status.RecordFailureAsync(provider, ex.Message);
            logger.LogWarning(ex, "Email '{Subject}' could not be sent with {Provider}: {Error}", message.Subject, provider, ex.Message);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var error = $"{provider} failed unexpectedly ({ex.GetType().Name}): {ex.Message}";
            await status.RecordFailureAsync(provider, error);
            logger.LogError(ex, "Email '{Subject}' could not be sent with {Provider}", message.Subject, provider);
            throw new EmailDeliveryException(error, ex);
        }
    }
}
