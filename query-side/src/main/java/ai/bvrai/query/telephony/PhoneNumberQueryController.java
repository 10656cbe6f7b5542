package ai.bvrai.query.telephony;

import ai.bvrai.api.telephony.FindPhoneNumbersQuery;
import ai.bvrai.api.telephony.PhoneNumberView;
import ai.bvrai.security.Caller;
import ai.bvrai.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The organization's phone numbers and the agents that answer them (editors and admins manage them). */
@RestController
@RequestMapping("/api/v1/phone-numbers")
@Tag(name = "Phone numbers")
@PreAuthorize(Roles.CAN_WRITE)
class PhoneNumberQueryController {

    private final QueryGateway queries;

    PhoneNumberQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping
    @Operation(summary = "Your organization's phone numbers, ordered by number")
    List<PhoneNumberView> list(@AuthenticationPrincipal Caller caller) {
        return queries.query(new FindPhoneNumbersQuery(caller.requireOrganization()),
                ResponseTypes.multipleInstancesOf(PhoneNumberView.class)).join();
    }
}
