/**
 * The handler object a grpc-js server needs for a generated service, typed from
 * its protobuf-es descriptor: one handler per RPC, with grpc-js's handler type
 * for the method's kind and the method's own request and response messages.
 * grpc-js's addService only asks for an untyped record, so a missing or
 * misspelt handler would compile and fail at the first call; typed as
 * `ServiceHandlers<typeof AgentControl>` it fails the type check instead.
 */
import type { DescMethod, MessageShape } from '@bufbuild/protobuf';
import type { GenService, GenServiceMethods } from '@bufbuild/protobuf/codegenv1';
import type {
  handleBidiStreamingCall,
  handleClientStreamingCall,
  handleServerStreamingCall,
  handleUnaryCall,
} from '@grpc/grpc-js';

type MethodShape = Pick<DescMethod, 'input' | 'output' | 'methodKind'>;

/** grpc-js's handler type for one RPC. */
export type MethodHandler<M extends MethodShape> = {
  unary: handleUnaryCall<MessageShape<M['input']>, MessageShape<M['output']>>;
  server_streaming: handleServerStreamingCall<MessageShape<M['input']>, MessageShape<M['output']>>;
  client_streaming: handleClientStreamingCall<MessageShape<M['input']>, MessageShape<M['output']>>;
  bidi_streaming: handleBidiStreamingCall<MessageShape<M['input']>, MessageShape<M['output']>>;
}[M['methodKind']];

/** Every RPC of the service, by its localName (getStatus, tailLog, ...). */
export type ServiceHandlers<S extends GenService<GenServiceMethods>> = {
  [K in keyof S['method']]: MethodHandler<S['method'][K]>;
};
