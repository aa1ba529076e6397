import { DEMO_NUMBER } from "../src/demo.ts";
import { asciiJson, signatureHeader } from "../src/platform/whatsapp/signature.ts";
import { createFakeCloudApi } from "../src/sim/fake/index.ts";
import { TEST_PHONE_NUMBER_ID } from "../src/testing/lontar.ts";

/** One webhook POST as Meta would send it: the exact bytes and their signature header. */
export type SignedPayload = { body: Buffer; signature: string };

const TOPICS = ["KTP-el", "Kartu Keluarga", "Akta Kelahiran", "Akta Kematian", "KIA", "pindah domisili"];

/**
 * Builds unique single-message deliveries (fresh wamid each) from ~`citizens` senders, through the
 * fake's own builder so the shape is what Lontar meets in the demo. The em dash makes asciiJson escape.
 */
export const createPayloadFactory = (appSecret: string, citizens = 1000) => {
  const fake = createFakeCloudApi({
    appSecret,
    accessToken: "unused",
    webhookUrl: "http://127.0.0.1:9/unused",
    numbers: [{ phoneNumberId: TEST_PHONE_NUMBER_ID, ...DEMO_NUMBER }],
  });
  let n = 0;
  return (): SignedPayload => {
    n += 1;
    const citizen = n % citizens;
    const { payload } = fake.buildInbound({
      phoneNumberId: TEST_PHONE_NUMBER_ID,
      from: `62812${String(citizen).padStart(7, "0")}`,
      name: `Warga ${citizen}`,
      message: {
        type: "text",
        body: `Selamat pagi, saya mau urus ${TOPICS[n % TOPICS.length]} — antrean ${n}`,
      },
    });
    const text = asciiJson(payload);
    return { body: Buffer.from(text), signature: signatureHeader(text, appSecret) };
  };
};
