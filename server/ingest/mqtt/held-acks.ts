import type { IPublishPacket, MqttClient } from 'mqtt'
import type { Logger } from '../../platform/logger'

type SendPacket = (packet: object, cb?: () => void, cbStorePut?: () => void, noStore?: boolean) => void

/**
 * Answers the broker for each QoS 1 message (PUBACK) only once `settle` resolves, i.e. once its readings are
 * committed or it was refused (reliability-security.md promise 3, for the broker-to-database hop: what the
 * ingest could not store, or had not stored when it stopped, is delivered again, and a redelivery is a
 * dropped duplicate, never a gap). mqtt.js answers a message only after its handler's
 * callback and reads the next packet only then; to let messages that arrive together be stored in one
 * transaction, the callback is called at once with an error (which mqtt.js answers with nothing) and the
 * PUBACK is written here later, on the same connection only: after a reconnect the broker redelivers what
 * was not answered (persistent session). The broker's in-flight window (MQTT 5 receive maximum) bounds how
 * many messages wait. A message whose settle rejects is left unanswered, to be redelivered.
 */
export function answerAfterSettle(
  client: MqttClient,
  settle: (packet: IPublishPacket) => Promise<void>,
  log: Logger,
): void {
  let connection = 0
  client.on('close', () => connection++)
  const send = (client as unknown as { _sendPacket: SendPacket })._sendPacket.bind(client)
  client.handleMessage = (packet, callback) => {
    if (packet.qos !== 1 || packet.messageId === undefined) {
      // QoS 0 needs no answer; QoS 2 cannot reach a QoS 1 subscription (the broker downgrades it)
      settle(packet).catch((err: unknown) =>
        log.warn({ err, topic: packet.topic }, 'mqtt message not stored'),
      )
      callback()
      return
    }
    const on = connection
    const messageId = packet.messageId
    settle(packet).then(
      () => {
        // a PUBACK with an id of a closed connection would answer another message on the next one
        if (on === connection && client.connected)
          send({ cmd: 'puback', messageId }, undefined, undefined, true)
      },
      (err: unknown) =>
        log.warn({ err, topic: packet.topic }, 'mqtt message not stored; left for redelivery'),
    )
    callback(heldAck)
  }
}

// mqtt.js writes no PUBACK when the handler reports an error, and carries on with the next packet
const heldAck = Object.assign(new Error('answered after its readings are stored'), { heldAck: true })
