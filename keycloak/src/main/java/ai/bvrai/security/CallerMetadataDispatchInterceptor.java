package ai.bvrai.security;

import ai.bvrai.api.MetadataKeys;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A command sent on behalf of an API caller carries the caller's user id and organization id in its metadata;
 * Axon's correlation providers copy them onto every event the command causes. Metadata a sender set explicitly
 * is kept.
 */
class CallerMetadataDispatchInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, message) -> {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (!(authentication instanceof CallerAuthentication callerAuthentication)) {
                return message;
            }
            Caller caller = callerAuthentication.caller();
            Map<String, Object> metadata = new HashMap<>();
            metadata.put(MetadataKeys.USER_ID, caller.userId());
            if (caller.organizationId() != null) {
                metadata.put(MetadataKeys.ORGANIZATION_ID, caller.organizationId());
            }
            metadata.keySet().removeAll(message.getMetaData().keySet());
            return message.andMetaData(metadata);
        };
    }
}
