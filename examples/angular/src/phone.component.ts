import { AsyncPipe } from "@angular/common";
import { ChangeDetectionStrategy, Component, inject, type OnInit } from "@angular/core";
import { PhoneService } from "./phone.service.js";

/**
 * A standalone phone: the registration state, the call ringing (answer / decline), and the
 * call in progress with its state and duration, all through the async pipe.
 */
@Component({
  selector: "rxsip-phone",
  standalone: true,
  imports: [AsyncPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let registration = phone.registration$ | async;
    <p class="registration">
      @if (registration && typeof registration === "object") {
        Not registered: {{ registration.failed }}
      } @else {
        Registration: {{ registration ?? "…" }}
      }
    </p>

    @if (phone.ringing$ | async; as invitation) {
      <section class="ringing">
        <p>{{ invitation.remoteIdentity.uri.toString() }} is calling</p>
        <button type="button" (click)="phone.answer(invitation)">Answer</button>
        <button type="button" (click)="phone.decline(invitation)">Decline</button>
      </section>
    }

    @if (phone.call$ | async; as call) {
      <section class="call">
        <p>{{ call.remoteIdentity.uri.toString() }}: {{ phone.callState$ | async }} ({{ phone.callSeconds$ | async }} s)</p>
        <button type="button" (click)="phone.hangUp()">Hang up</button>
      </section>
    }
  `,
})
export class PhoneComponent implements OnInit {
  readonly phone = inject(PhoneService);

  ngOnInit(): void {
    this.phone.start().catch(() => undefined); // a failed connect shows on registration$
  }
}
