using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace OpenBooking.Tools.Email;

public static class EmailExtensions
{
    /// <summary>
    /// The three providers (pickup directory, SMTP, Azure Communication Services) behind one <see cref="IEmailSender"/>
    /// that picks the selected one per email, plus what the dashboard needs: status and a test email.
    /// </summary>
    public static IServiceCollection AddEmailProviders(this IServiceCollection services)
    {
        services.AddSingleton<IPostConfigureOptions<EmailOptions>, EmailSecretsPostConfigure>();
        services.AddHttpClient(AcsEmailSender.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<PickupDirectoryEmailSender>();
        services.AddSingleton<PickupMailbox>();
        services.AddSingleton<SmtpEmailSender>();
        services.AddSingleton<AcsEmailSender>();
        services.TryAddSingleton<Diagnostics.IntegrationHealthStore>();
        services.AddSingleton<EmailProviderStatus>();
        services.AddSingleton<ProviderEmailSender>();
        services.AddSingleton<EmailDiagnostics>();
        services.TryAddSingleton<IEmailSender>(sp => sp.GetRequiredService<ProviderEmailSender>());
        return services;
    }
}
