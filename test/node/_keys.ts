/**
 * Fixed test keys, so that no test pays for RSA key generation. Generated once with jose
 * (`generateKeyPair(alg, { extractable: true })`); they protect nothing.
 */
import type { JWK } from 'jose'
import type { SigningAlg } from '../../src/index.js'

/** One private signing key of the OP per algorithm. */
export const OP_KEYS: Record<SigningAlg, JWK> = {
  "RS256": {
    "kty": "RSA",
    "n": "twmE_Z9CWCPo_ZsgT0HR4bn5cjWKlRy9X0w0odaoWIEOf2w821XrG6YB3D84xOV29ZwNEfZWNvcrE-IptUvMprCrz_QCWStB9ikRMy3OobAvtTVynECCMirM82hHPOlIKzHOi9OXhRxh4AtnA6TMc9yf3WRRwMwdu6puo2UKmwWB5dsnM8xpvgAy0vt4FDoGJ0oOP6BdFdAxZma4T1SsYZbT2b-vNsEG0QUVV6lM-zt6Om9eYFt0h0HaEYVBX9W82n6TDH7f8mKlaOES2y6FM8rVnbt5sduMzKa_BiiBHadfQn9KcDsdmKuo8ZFntboa_2eewyX3roWLJrqgw0aOhQ",
    "e": "AQAB",
    "d": "Cs5nSWtqkhrgpRIZmLspb19viaa0Sw_V9O4rWZr7Zdf6cqRvfVxuk6k75HRyOqP4qKNe3VD56xVD7uMWcAJV_UkZXx8Dpeg0iYgIKbclsNXw_oyaMbQhkoXyOiIWugnSYii_-_E6S-8zHGINqyFVA1wi08s-hBio8HGI2IW4ju3tOpi6-SOMthg-4degZcfbgeqF5Z6J_-rAU9Vua2iK8mCBAggk4ijXkzZlCI5JBZkZ4RzgdL2PN8TQ33DAcylbBd2aZRDUDZv2gVJzZ6IXbptB7McibJo5k8aJMYWxxmb227LpC8GOT5aavsBqpvsEY5CdiMlCaEkVQcI7kv3H6w",
    "p": "4XzHEXo5ab6qCkUyoC4hn9IhhTk7T72jZeYwQWETG6ui_Exo4Qp-cQDaWOYbliqLDO3sgh32Nmtm3f2l1lT4lpbLOZ5HjNR391aR9wwCdqNMdnCOfSAGNLfeaI_ccbe7-EA0OqzmVGm3DlzvfV_bfGXPgHpqFC-OLGqNT8alapc",
    "q": "z84zypdH_Xusp38a7AX4GjjWozAYlUZubBU_U--phuBrHlDtOUpDsJKVyBFlr1ZGMZ1oP60XnLgycqr3oIIUUnrgjgJ-AfBJXvkssroYN79X93VbIHnW3QbgRaJFIZKMvREx_QcdDZPI1Wn9LgloHZJF_5OhWV4d6X_bDafTv0M",
    "dp": "aeDCRKWkkc-yXlIxvF8M8NOlY74E6KN-NxnILNrdMw_73wYt9QWNa5hf7oBWEcP2OOL7O_m_o7v4uGIi3apWc7dow6xbongdwKkIrv0Xpwd0nuSpM323DEgOCgELHOaOP7o-DBMlsBtXlknzNmatVBMmRQi2CLZvxtFde0kmYQ8",
    "dq": "M5k-8PIJdR6Na3W7KJn-1fwBB7o8kGxRpNLNy7i5vnzg_EEZ9lzDXAe521i-iAADI_Sy2wTO1SJDnIdpP1itVSGfuoNR6IdSoJt8htCAjO8dF5vzSagXOwCnFYNKaSCrg5LOd8aZZzKn7p4HuLOrP5R_fwuYR8l_4efWa5idkmM",
    "qi": "SPTy6AGFEXwvxSu5WdkS7me-lFwbs7_b09x1kV-sgu-uSSdUVYMCgepN86NzMd8HSCF0P_CN3IdolzAJ-OnycEBrtJ-5c04Z9pUu3KUdCDTXWDyqJ3jgb0OwTF90d6-U77nWNEWoj-zZGNfBluPcN2Kb47iZATa-pwfyMaS6VJc",
    "alg": "RS256"
  },
  "RS384": {
    "kty": "RSA",
    "n": "wYjXCwKWVm5L87rJi6rSvOZkyrR68EL_M9Dgvy5hC8Zc0qad9FnMoMBYLJBXjMhs4zoltR1vaLJkeoABGvzBg2wZBiMXa_IRf6C2pCJNk7FLO5LRlOlNYT_WoH3PKlbna6_LnCpDRULNFrz65iMfZtekyRyE0htuTnoleD3TRcQiqYEj86Wz-_G51ASJbBM2HiBuXciHCo8qZYj-CXql5IdWNwOTfLR0-FfsDOpsMrMalSqvXT2siCSn2TsaJal9FeK1QKexIiquUO4ploHFDlSG2SSZjZsXBxYz8oUGVH3gwKaWBLmRTZWR_64RteAS9Wk1CYXrG4gnlhS6Kb26Ew",
    "e": "AQAB",
    "d": "PQZMj4_BSZwMAaO5lCYB9-PKcpIg3Gi1gZL39cJi89OKOHA00AJkWPaGZU4B23CsrBYNP47BZ8H07ORv5pKTjrJ4-KEYCKp2S9ZTFjVJCAHtxT6w86cOzXC3SqsLmZU_Rxj808EqdQ_-1B5tcHkUe_WfuR_E-rQ5zNphvV3BTtpD768BsAXLOAXzWs7eMN6q7ANlTPYG7Jfme4sqfcBw0J_YlcgBzZFcxxOzGtq6ge1ylGfXjmZH77brEbMe87FWdG-o9eMfq_aiNyBd-M2QhQ4ezTyhirBUAkI4VJQg9zYZuUWC3S2JOWKlOONPdSYeGJmEjSSgiaXFLbNfqp1R",
    "p": "8M-xObJNo4SJ8AYURNfAebgY0oPuaDNsy1iXdempjnI9imo-f1RpHuFjdZMEdqdGUTWYO2a-wWlQfRzWjQaUTWMT0LR8W0XkunMp1mmnZpXhSeUJYpTLCRIkuI3Xhr9uauGyhvSvxPzLEYgvaZh64-EbKeWJqag-yPdiPCXhReM",
    "q": "zb3Iskims-g3gRLjZ6TV6lbVF8WxQ1KcrFUBciqmJEXb35LAu_kDzuplS3A2efJaE7OM4xTqNDrbUrY0YMUdE77NHn0LLa3V_HYMefoZrlEiGaQ3y1GnaltikrhM5q_-3X-wifbFwSyR1LIPM_f_G_qY6hEm2wp3FSxEj-EDchE",
    "dp": "FTk41WzxisfToGPoxWh-fjvLdEJMcMKXhBR6xNmjJ_rJkblraK131lDnAyXB7vMvL1kZ4aJcjY9KmLxB7Iv35holVO-TRjgSwJwFw-_r4Q60nF6jRRz4CAShV-KobCfTA3iA04QdOa9N9m2aQCRAMHVWf4rLZzh80Bl9fu-XuyE",
    "dq": "izaEq6YfLpLNo8fdGc9ec59ntxsss8odezpVrSOQofCnM2PAiDCZ1BOkkOQP6HoFW1ld1nXbd5Xvu8rQLD6USz0K3DtuKe17YsWZ8Zs6b0o00bbdjfTlXEETtQWB-4JQ6R2yndfdvbVjw9DsGpUPCKaLe645ZXNyWmBG0DhINZE",
    "qi": "dLI-_dAuK6a6Yc1j8uc224M0mEi4ELygl9jKWYxcXBWXcna4uXdHV7SYImbEGaiNZAinVHnmu58jjL1ChMEoiLb97siIo7X6C-q-R5tU2YGIrezx3b8jp2f9vrd81T2n86axS-ZgWu03ATi5qcF4PxcRmKtuCqinUN2qMZoiVnM",
    "alg": "RS384"
  },
  "RS512": {
    "kty": "RSA",
    "n": "6ggCTu6GrxCUc8HeWVoeTosCa-_DAhBdu9I7F9PwV1Mwny4jxQklxUvz0f3DstFteUWSmKEr_YkMHmNJVRaz3zIDPuUB5VToxmclRownovqtvWqYYn0xXEO3XzX6VHFHyMFtyUrXQetPSTtzZAJwZDcbcSvHRThfHNhujUoOrQsoytw6HWX8rTVdL0F2MZAMcjGioO8X7WHP1ek44BbDeMZFZF3l_Opp3Jl7fwXhP136nsksV4BmxINUfLorp98N7d1SUhVl8auh31N9M9X-rYa3hJLHcZ5XXVxGjZXnlWyPAwBgCboqHce-Ls9TUp_pBNr0jbPtcctU95nG467kjw",
    "e": "AQAB",
    "d": "FD3TF_PwzuLL5DiIEbRbW1xnPjdY54HLiaYvmZT-0Z65XYXbxCamuf94EYPgUZlkMuaokkObuWxevEtxbpxDEcfn7fWtX0zOa_KZ5RXUNnggtM8BFRZSQZz9wYy6n7kYhgLs4EnKf8IUHne3jZaEaraKzL6w7TS99-cO-3DEqi9a5P0xOtFvdIrPDkk24E6EF0dYr3DZ__Ty7Jc_J_x0m_veDIcQTKep7FRRzmaaPWr2IxLC9OkYSzujbGHNdlnagFiHynZvJ6HgvdRFHs4cSJKlphmcf871yKAoHzhZ6Op16yHeK6KLXqDPiWSBgK9WGavrzbCN4Ahfeubh6k5yCQ",
    "p": "9z_g46KFqOqsExS-_etcRkIF_Kf7iMloSS-So7NupfQe0UD5VWcJ7OSq-mbjWkk29rFF7el91Dzz8xo5fX-CtyPgqjSVp0Ae7ZwTmmM1WAd2-o-_2WkT5-3yKAX7ck-iJmEHZvAigtaZrF9D9HY2fArJ6JvDFhGHiUtC_7QVro0",
    "q": "8lBfAMo2iAefwPQnZgE4aHQmxbd8VqpDId3GnShmFwZi7LDqA8eDTjHddOH7Ffo1Py4pLAxOAC-diDGvpFmuAC_nXRWdii5J831Ex-yl_cSI4sjO5fXWZzRA4bFjVoyx98XyeI7RnNZqFYFCd4LvjhTBzxkFWZmkFyiYvVjNFos",
    "dp": "DZAQewwwPsrYs5dAvtcJUcVPZMOmNaOut80HQzmViT7x7dKdmsSzM657fo7kS9CWVkP1LQ7Q2zKYwy4eFzdGaVtreIq35tvKlogoPyDQDUsjiK0X_goYkHFqBi4F1AhwQaCy8j-b9QdmmKEFLkTJylYhK0RYGD7P64UYYMR1KAU",
    "dq": "56LO_plPgcAQBksfspIuEyQdwFoDwXEnlaNE7w0kcpRHUs5YFl7N9Z0Tf11bQgoahpghAZuNoP3jkMM2jVyxSjqA6Gn2XJadWOcCLj_Z-fm7hVfC-O-GEshP0bBaLu12X05Z2MdmN5B8fqw_FrITQHY1Qz0-8QU_aGgFgtP10bs",
    "qi": "tTluMuRefWtbRMcRzUzY_QW8qYW6N6tjMrzTE5fQshstEz0jpOlQJ0YBxkNxzzmyZOagTirUdmOd4-C5fVL7-9fGq3P60OKpxeDBEdtlx0J58VH_6PkS2Uak01VH6dZtUktf8k0tQi0d-mlFuGnKRNpkPluaLlXbTbZpDd-qw0w",
    "alg": "RS512"
  },
  "PS256": {
    "kty": "RSA",
    "n": "xHm8Pt7z6PZo4jSBydssaib58XMnCJGzD_AyM3W5vxNi9XTYlO7pSJri2oCH09CiNXNQmFmzQD5eqf-q07Sdm4EhYuWXIHkXBwxsAzLFKlCuY-5VHIw-mWRWf0VpKD2dIn7ACZDlDVWoyvYA3ngAM1KE9NpWW5aOcdPsJ6I3vWGQOXTYtCIrXOlAboOt5tdVxQx5kMLK0fYrQarGyRbmE5a-vIzo0JVlIk1NJd64XjOXbiFtCzQ9CMLKap_wnYyWJ_c9EQL10zy5cgOIho2392Ckv9L3WItCEOlxh01bb0uVvwqFRLXJ0O-0DFfCSR0QWDsqoocn2ruXD5jmHI7JfQ",
    "e": "AQAB",
    "d": "Vp7rEPbfpxY4AH6wt-tSpgxABqTDkUIXJVA6-bgN58Fm0BuvPt4j6HgsyrN-7rIdSZ5o6noljo3Q03cd-8816zCfpQfevJjWP6vI1RIlnfXLJNCXIopsMNltTxgtd-nOJL6n8K-6ZEofLDgQAwT55aacaoz2JNP4QhPyGjkpBOs_DNJ4pzmD5RIEiJdOSlh2s49OImOuq419ZevBFq02dJetjqS9abpzE4Pszh_YAy87Adp-eGybWb0l1mIjkhn4DubkOyO-6PbeK35KBOsrI2H8xFY3CXr26DcgM4oqn_HAt5ra37qZ9pUs4Hsh4hhr88h1jar3leOveYnHcjKY2w",
    "p": "-2a1FoqER-UhYGBluh5mKHmFNoBstxFcdhpWX10GoaNJkqpXtmD3NFBEvDU2D6xmYU4gyu-1meo7emAF3sXb0uMhjaGzwgHfvFfp3y62ODmeE2iQ_o2cBaRgEN79VPKv6s7yWo6L4R9y8QT1yxRWGRNLWUlHiAEIYd7nZ8_pzZc",
    "q": "yBHQswBLy0QFTA8g4_UbsIozTTzpxBtKjl-oFnjiyqULaliZTptn6A10MRK2HcR9aTh5YEpqzkhf_H_AJ8TrgicNRcTIgGKZsVBNavUIMrqFQj-CH-v16uVconpVizJ3t2IXsWlLIfoQV0HgjAlYu3Po1mJtbLF8Z5kQN5LbLAs",
    "dp": "BGxFKVVciGtGkAyCHaklQPcKWfAeeYYLq2RBOsJHOJbH15W5n1LLZpc27ly9S79LudCHESrwdfnB_CAuWkH-4RHv6C79G5-u0QB28989g3W4Cz1et6vEH_FJY2KY8GKop6fmaaNyYI6OFiFxNZZxAVXukG6SnJjwDdC_H3tv8Jc",
    "dq": "txMmSEYjFTN_LWRCkpY96kPsQedVejAG_1Uk-LtRvGFemsfMMZQfdsao5ibbI04j_F7DIou2RGESBHnaGgol_4lAqfEyD9kqDokO7qqd_92SB1cZ-Z_v_iw3oi4TjTZ3OgW27I8PQ14SCeasVThQS-f6zgJvYyDeV-ZGYrQtfpU",
    "qi": "RIgnG_vnuFBzf_Vxa_PbMB5C94WbyRddVBTQq9-8vQxQ_KyUM5CUPit_zvUNfhCjDK6JQe2M3IzDB44ReMNBspgYUaVL5jnp3OB4hzhAPGmMfVwlZfq33cQ8uDJGC3C1jtYcDtDlyMOBi1kqsBS-LPN3DMGKEXkqq57yWUhaVCo",
    "alg": "PS256"
  },
  "PS384": {
    "kty": "RSA",
    "n": "mOBk8alS3aiSRpbHzK1NdGUbxQrAvuBa500Hrc51up-qXtQU2IqElVsL4wD48Gp8SmOVvwqCMqKHuYkBAR80jXOssQTZlrBeayzJ733n3NQwB0rukXKl03ElZ4NFDwOJ0RHfwvQL1bCbiGskkT7799jc4-EoLPAQaDxC1RIpqiYgqAZFhQn7nVmUAhXnBB-yvdPcSp6YNISz_s4Ymyr6aY59g6PvwPylrx2jgX_9XysAbY0EP9yfoF3OrQTjX8vhDsapBo_d3UjdjjHPw2y8MKU9qOmZvvmjj1JVfUB7Bq3-xbDLc1PNxL_9IMMU_M7qCEumPACj82KDRDrT6hVxvw",
    "e": "AQAB",
    "d": "HtbRdjCOn1lknKnJB2CEafEFj5OyOy8eF1_iJy0pcarI3xVQWThkM47o0HO_RBxvE0CQkjfH-PfxgjuBgNzvKIPHt_P_Atd0TJF98PqInfMN90Kl6qBilEtUXNPNyBASKqM87OJ3SrW0Qmo-t7Apex97u9qNVLdez_AsGThvQDvdwyOx-4qzf7wD-jgZDZMmOrS9-nCYeWKW0NeLGAeuAMXivzDBs2YOl-11aqDnA1DUMR0S7npVrvR2VSlEvDmTOIVM5EjxkD47IVIVACoPsfek5-h0Bwb991GOpEFn43sqPpSQShtlATd406CGYPUvt6QqcdnR4_elFtskv_PurQ",
    "p": "1BtT7sFeQhXhWtrhoG3To_eL7VVEqULNxZZS8E5vlJdbTxIaqti0LUdI_jl3Mt76zs3H_Z8wn_InNZc6e1hqC6a4fq4tYzHMPwPGe1p18Ai6bNvCcCWWdsISF4uRBAK1luo4wQb8Fojt3J06_sJaf_zDtUZgEardG_aPMqSi410",
    "q": "uINB8GILV7u0ECy2NjE2u3HnS2Nnh0ov1dsoGOxkOJGTPsQJMGDvMYFNhJV0X7lh64whKIXn5dL7gOqn2oIVwQioqWZNAfE120PJEtvKY6EUf7HfPJX4JDBCCK1-oF6GQFcwOP_ruKeeshvZw3U0FYZtEnzZhBCMliAN6MLEU8s",
    "dp": "pZYMCVmGV3szajV0bUUwM1J_N7IYnzca44T-jMH_E_axfuI4VWZGCw8aqfV83Ab9sFMwLQyI7mUiPREpw797Uks-vw8FOepXdF5jJkuxxMlbmL5bZifB9kZ9z0nS1Vm0H_QMiI0GYiVV5KQOuXJLKp3Ov4cIWuKUKU9r7XJgA7U",
    "dq": "Ys_gSzSmcGiUSKk5N5Jphj68qDHm6pv_PB7uvVIzZdwIJ-_iH-d5kWB2vA8x0GW-G9_ijgoQI5M2n1aLZ8iMj-DsOjQP_39G4VLO5uuP2oUULkJ6k76YsgCqDG2lR4r3iJNovs3HVg9mPGoP1833g6OG3ATClCgsseUerc1ISLs",
    "qi": "qexPGwlX0NlS2ChOu62xPPR51gOlEeP1coJUBLSuQofZ4g8DMAyiI2a5Ex2MFH8KFh9y55evAEHknITs93JbPzRJn-RcJBezC3NTndOVu4Di593XKETIFiPdBfWCC-ki3Redh2cuK0RxqjdtVGpqrsm4E6TdV4KK-kwEaB0ywgY",
    "alg": "PS384"
  },
  "PS512": {
    "kty": "RSA",
    "n": "prM2tao5BTWav_pNB3FUQXfeCgD7gCVJ5WdNwOn2g_Pk5RJiIOXakhTFzfySwwpjiAPOeiN9SWk4oYpk3Rm5YdWfCksnFpJ2a4fEMAlBqRM3gythZKMBanGJ-qsUrkgBbpuh-X5iEv1PcEJLksVvPgwf3tS_2_2cGYdG7Rn25KECGoeCHWCfCwoJKuGPeTleA_iarzd4wrY9aC7pnUOhUDkjgOHRpQK3aw136CPNczjA2BoQrAHY25NFz6BVdUp-vbyn_gxoalmbPjUvhJEjZoo7OmN67O4mdSrYTcPkmEVAib-WshE_eo8hdr7koKWjJj9XxymyW_Qf65523d9hhQ",
    "e": "AQAB",
    "d": "AvILt24Ij-UAlP_ROJ5yBK4fiEG4L-14vsryfsQjjPVUSA_pF_e3wvkG_brGxRd75r1aeqIB5rgrPf96BMYdlnL12nK1gBqaaQ__EXI4bMpgIrszf1m5_q1-6KT5OpMfI1swo33uMbO0IaGqQC-o5YnFTmSn9zUl-vV-9VWOHUALwcXwcxMYwV-JRr0vnFxy9DafzsqjDuNpJfjcTy2QPNs9Sl1OfDYM_ZNLD0s2-MZNHKq7ltiu9ZtQOkvQ2w4DG2OcGpSp-tN4y-XmoNE2N8ZQSBCqTg4vPzqoU_XpZBdkY_wKXKpcpgRjG5YVliicHfaBUL12iXwrhWfGQ5sWSQ",
    "p": "1LGBLct5pr7KV7MdTzYD5z5Gdp5tuhvDbaXd8YNKQY51npDINSVjnIM0x_rbqNSRCNVpeuBilkpLbys2fJLRPpQKva48Y_YJuTlYGQQ73wI377hDOVSts8ERE686t5OsDtcobjPS4IP711uKqTE7CJIKV4mY7UpGWPjZxcHGtz8",
    "q": "yKRWv_p1YIoVi9MwDmaRI4DQpNuh_Db7pXMrxFzEAQu3jIq3tc6leLjqrLO-ItqBRwzks4MM9D6KMkB61goTFIXxsh4fep5vzO98la3otrBAmMyjfZERvDqIZr-ku2MLKP4Z9JtD1AwC5xKKMMUmAsw4spcl7mu4KoYoPyyZWjs",
    "dp": "TRgmFb5aUwl2-IDxD8QpeAlHqzlT1pC3rqffoeoP4WFM2vPpzfHGgHXCjPYt5q1eANCyUhrBQW6elyYXsuHYvJEWr5hXRXhqH9xcRX0WYohAVED7BO3fpHdHxFXQt7fsNtjgS8m3FzBf-bixsxAoMLwWyZITf3dbtmZFMXxClis",
    "dq": "rCCIJ5RXZCWyDE11-bS2KM4WsIeXdMc6pZqjXobyw67onVJX_km0nVeOQ_DDWiU4KNr_zJzN3S9V4Xx9pOfprH6oddTvzoLjiN2fdM1ISon0MOHGFDADFgblA7i_Ot7iMR2k6LrWurA_QTsfgG1xiY7nyRZwPRT-XsTO_DtnqAc",
    "qi": "gb7dntt7tdbGDkeTs4wMXQe_MCaIVeUnf0OtwWrs2BrbTCH9_d_5yzu0brriEnpPxJanw2Qy7MJOX21JNjnpHdMVpmzxNM9mKpfFs7twnr9SSvJYJBKkmn8Wo-ogtHurxLcaWz6vWCbveqaIANV9m0mhZWFgjj4OIkdJj-HhQ2A",
    "alg": "PS512"
  },
  "ES256": {
    "kty": "EC",
    "x": "vmwPh2P7ww1W7ifcrMMhir5NahE_RF_o1ie12pPUXiA",
    "y": "FxwXrG8x6ohJzTHfyM5eBOr6hPSksDNh0FSEpH-_CZc",
    "crv": "P-256",
    "d": "d35vZVezkoPT70-kRQTdcuVRBOnUZRPGSGaXU-OwMho",
    "alg": "ES256"
  },
  "ES384": {
    "kty": "EC",
    "x": "uHnVxVFQriElFXwpIVxqaQuWWgbt7hSmgOy9tvEAGbvSsjvrJjXKz0BnXJzP9t1y",
    "y": "2izqGptSNFiOIjuZ5I-2Nx3CVrr-Dt7wcNAHCJLZzq_5PcHCxr1ONg34-Lvbas72",
    "crv": "P-384",
    "d": "ug-QFOdj5nW9iZm6nci9FtAnIUZaD0hjKg8uY9cSZ0miNq76-Zi97RGNv-MFZNdg",
    "alg": "ES384"
  },
  "ES512": {
    "kty": "EC",
    "x": "AGh3rXxxKz-NSEDe3eIiPSdx93zLZAadyrm3M58F-U0wFVnuA8r-y36Lbqq7r9kZ14ajFZ6F2ZjZ6llq9C73mG6E",
    "y": "AZwL8aeUBchJ8qqH9qhsT9UAcNE4Ynzz8XimCAfaxT_cfaOQU15C0AP3wcLU9k8N47BhezKJnXrFSLAb5JQvABGI",
    "crv": "P-521",
    "d": "AJ0xd55D18X-6ZX6tmninECH1RaquN_VOmRhFlH1r0cwrnO2rOH4bGAZyLeXvWlv9U6PKzzpDEKPt0wM3FUWEDnh",
    "alg": "ES512"
  },
  "EdDSA": {
    "crv": "Ed25519",
    "d": "cZ7dpMVUziHPPKap-KmPJ3__9727OMxaArtocaKbMuM",
    "x": "sg5TGlMhxJTMh6JdylGOp9ZpSTzB7OQg3tkWOcZf59s",
    "kty": "OKP",
    "alg": "EdDSA"
  }
}

/** Private keys of clients that authenticate with private_key_jwt. */
export const CLIENT_KEYS: Record<"RS256" | "ES256", JWK> = {
  "RS256": {
    "kty": "RSA",
    "n": "zzeqP8xZ-MbNmu313JFJ7q4xcYGbIGcVIDyX4eLBxHw_BkBWHw-vsa_HrgMtk2RUCwMMtIIx2OVASxE9tbLXCqWf0Mczefw872HSJMDjyMalDhK4YDC1BeuDO_Efj44JJFPvU8PfdnOx71GLkRWiz8kfdZVwY9uO5N1gVuQnlpAbIvTI6uucyT55dV73POdddCsNu6GczSjiWjs2LbDuX4pZOqY9ZjgBXv3XUjSU2SyLVscktB2QWI0dDPQ7pyI33osw4i0ghCxxZN4QoABlPxPyhs31_AFyPp2rhlKpObKMn6IPJzQto0SJ5Qj_Rbw9BLGK3jnG4ZkYGeVlm6gALw",
    "e": "AQAB",
    "d": "2lJLxpayNLF50l6PgRuSgoNalKAjpkcuQg_OLyIBWrv_AGxzM_FhOXFBcM52meJ-cOLT45QsYoPSR7bUW-LmkiZ8nt8JMqedxNHLpNEkEOWryG8ptqC3NbA0aeUF-A9KknvcnchBfe8utHbShzSoDifnYO1ZNaO6hmdiYJvlUskod1hlRo-g8k6v_Z9eHmbkqpt2ifiqCAD_o75CKAGCaoPUJ69T98RDSx_OhIExeiB7c0zCokie1bYGS4rUwR1npCsafNbzt_o5qL0CXjW82DNYy6rlUkcNEcnpv6BtOpXcvhD20rwulT6HkvIcsNKBMqXUMhSk4QYrvcbnI3EZ",
    "p": "_XlodV26QoFusJ5Rwc7M0JrPjLgOnO5kwy5AawcbWjDuWj2-DEVOU2jhggCL2GA2vuj4Ll5M96K_-bV306_YUfRiLuPiG2AR3SUJhgnnWDRzaEd7Q-pA8VzbqezHUtlsdaSnMsiaTuv1eU4cCvrxUZhDOn2DIrXSzrmUZvOU03k",
    "q": "0UhCeoJRqTV4SQFczlOWt0irDgf11P-4cLaIhVPJM5qF1BAxZWV58DzSeFrNV014mwBJMwleWsyVAm7Vjou4RG0EZHLg4X5WbV0hJ7lFZrweigpDifP0JBDJPybtFtD_SyJ9ONsdyx2D5eSr-TmBz0zBEsfVAdsz9_liySn9Huc",
    "dp": "rKfjWHbUpfKGVHYzGIHmD340PBUvlwPnzO-XX5ACuKe14_BEoRUgaj55xVTb7TJ0eAw26VbAtLm-bLiIe8A-6Gw_6NK_NIh3Apz05MGgPPvVVMXEGBnbzMzEr_WiPDPv5h6W6UetnG6r0co73drbQAooWRIfnigeBURx6sKmsHk",
    "dq": "gAY_PKhaAjQGeEqQFlvGGCspEPVHqlwg3Tqce0tNCvddJOQfA5M3LAJZEm0hrmVjARcEsGbrxIngIdPhakkImTtDc5te_DKH9nEBJkbNMNKlr_YlaM_GqwVlxu8uHEYP1kur5MsOB8HvfQQNO_G0-jZO6gk6wd7xhKGXj83S3UM",
    "qi": "ClLOHxjWR-Sxrvv41i3twmxM0FnR3hSXPfOTCt4GMO-R1E5RQbFisb9n0Gokw8dOAohkuv1Q3aw2VimEKb_3t16Jc9ydfSoY8JF2UmzGbn6PlOJFauJgaA8jEq-bcquqB9Z3uEDAGlTvZkvd2JqQU0AM2A8GLbiESG1msL6owH8",
    "alg": "RS256"
  },
  "ES256": {
    "kty": "EC",
    "x": "Q_V3j2QyxKZBVNmx5WT_-8HFrtRRH1nxyTz7FCcdVAU",
    "y": "J6GGpTbBpIEnqmVBoJB1h2t8amhTeNOPFfEdpy3DWLY",
    "crv": "P-256",
    "d": "ckrrqe_ox1xVz4XMuBS8vuDDwIsTYbLbyeqSlxFrEW8",
    "alg": "ES256"
  }
}
