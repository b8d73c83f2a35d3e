using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenBooking.Tools.Data.Migrations
{
    /// <summary>
    /// The database refuses a confirmed booking beyond capacity (see <see cref="ServicesAndRules.CreateCapacityTriggers"/>).
    /// A migration of its own because EF Core rebuilds the Bookings table at the end of ServicesAndRules, and a
    /// rebuild drops the table's triggers.
    /// </summary>
    public partial class BookingCapacityGuard : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => ServicesAndRules.CreateCapacityTriggers(migrationBuilder);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => ServicesAndRules.DropCapacityTriggers(migrationBuilder);
    }
}
